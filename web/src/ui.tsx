import type { ComponentChildren } from "preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import { ApiFailure } from "./api";

/** Shared states and form pieces: every page shows loading, error and empty the same way. */

export type Load<T> = { kind: "loading" } | { kind: "error"; error: unknown } | { kind: "ready"; data: T };

/** Runs `load` now and whenever `deps` change; `reload` runs it again. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): { state: Load<T>; reload: () => void } {
  const [state, setState] = useState<Load<T>>({ kind: "loading" });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => (s.kind === "ready" ? s : { kind: "loading" }));
    load().then(
      (data) => live && setState({ kind: "ready", data }),
      (error) => live && setState({ kind: "error", error }),
    );
    return () => {
      live = false;
    };
    // `load` is a fresh closure each render; `deps` say when it means something new.
  }, [...deps, round]);
  return { state, reload: useCallback(() => setRound((n) => n + 1), []) };
}

export function messageOf(error: unknown): string {
  if (error instanceof ApiFailure) return error.message;
  if (error instanceof TypeError) return "Cannot reach Rekomi. Check your connection and try again.";
  return error instanceof Error ? error.message : String(error);
}

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <p class="muted loading" aria-busy="true">
      {label}
    </p>
  );
}

export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <div class="notice error" role="alert">
      <p>{messageOf(error)}</p>
      {onRetry && (
        <button type="button" class="secondary" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Notice({ kind = "info", children }: { kind?: "info" | "success" | "warning"; children: ComponentChildren }) {
  return (
    <div class={`notice ${kind}`} role="status">
      {children}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="empty">
      <h3>{title}</h3>
      {children}
    </div>
  );
}

/** Renders a `Load` with the shared loading and error states. */
export function Loaded<T>({ state, reload, children }: { state: Load<T>; reload: () => void; children: (data: T) => ComponentChildren }) {
  if (state.kind === "loading") return <Loading />;
  if (state.kind === "error") return <ErrorNotice error={state.error} onRetry={reload} />;
  return <>{children(state.data)}</>;
}

/**
 * A form's submission: busy flag and error. An error naming one of `fields` (the server's
 * `param`) shows under that field; any other error shows above the form. Submitting again
 * after the connection dropped resends the same requests with the same `Idempotency-Key`
 * (`api`), so the retry cannot act twice.
 */
export function useSubmit<A extends unknown[]>(action: (...args: A) => Promise<void>, fields: string[] = []) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (...args: A) => {
    setBusy(true);
    setError(null);
    try {
      await action(...args);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  // `audience.0.size` belongs under the `audience` field.
  const field = error instanceof ApiFailure && error.param !== undefined ? fields.find((f) => error.param === f || error.param!.startsWith(`${f}.`)) : undefined;
  const onField = field !== undefined;
  const fieldError = (param: string) => (field === param ? (error as ApiFailure).message : undefined);
  return { submit, busy, fieldError, generalError: onField ? null : error, reset: () => setError(null) };
}

interface FieldProps {
  label: string;
  name: string;
  value: string;
  onValue: (v: string) => void;
  error?: string | undefined;
  hint?: string;
  type?: "text" | "email" | "password" | "url" | "date";
  required?: boolean;
  autoComplete?: string;
  placeholder?: string;
  maxLength?: number;
  /** The id of a `<datalist>` of suggestions. */
  list?: string;
}

export function Field({ label, name, value, onValue, error, hint, type = "text", ...input }: FieldProps) {
  const id = `f-${name}`;
  return (
    <label class={`field${error ? " invalid" : ""}`} for={id}>
      <span>{label}</span>
      {/* Preact types inputs per `type`; every type here takes a string value. */}
      <input id={id} name={name} type={type as "text"} value={value} onInput={(e) => onValue(e.currentTarget.value)} aria-invalid={!!error} {...input} />
      {error ? <small class="field-error">{error}</small> : hint ? <small class="muted">{hint}</small> : null}
    </label>
  );
}

export function Submit({ busy, children, onClick }: { busy: boolean; children: ComponentChildren; onClick?: () => void }) {
  return (
    <button type={onClick ? "button" : "submit"} disabled={busy} aria-busy={busy} onClick={onClick}>
      {busy ? "Working…" : children}
    </button>
  );
}

/** Copies `text` and says so for a moment. */
export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      class="secondary small-button"
      onClick={() =>
        navigator.clipboard?.writeText(text).then(
          () => {
            setCopied(true);
            setTimeout(() => setCopied(false), 1500);
          },
          () => setCopied(false),
        )
      }
    >
      {copied ? "Copied" : label}
    </button>
  );
}

export function formatDate(iso: string | null): string {
  if (!iso) return "—";
  return new Date(iso).toLocaleString("en", { dateStyle: "medium", timeStyle: "short" });
}
