import { useEffect, useState } from "preact/hooks";
import { ApiFailure, api } from "../../api";
import { Link, tokenFromHash, useLocation } from "../../router";
import { useSession } from "../../session";
import { ErrorNotice, Field, Loading, Notice, Submit, useSubmit } from "../../ui";
import { AuthCard } from "./AuthCard";

type State = { kind: "working" } | { kind: "choose_password" } | { kind: "done"; message: string } | { kind: "failed"; error: unknown };

/**
 * Follows a verification link. An account that was never verified asks the verifier to
 * choose its password (whoever set the old one never proved the mailbox); the API then
 * ends every session of the account, so the page leads to sign-in.
 */
export function VerifyEmail() {
  const { hash } = useLocation();
  const session = useSession();
  const [token] = useState(() => tokenFromHash(hash));
  const [state, setState] = useState<State>({ kind: "working" });
  const [password, setPassword] = useState("");

  async function verify(json: { token: string; password?: string }) {
    const r = await api<{ message: string }>("/api/auth/verify-email", { method: "POST", json });
    // Drop the spent token from the address bar and history.
    history.replaceState(null, "", location.pathname);
    setState({ kind: "done", message: r.message });
    if (session.state.status === "signed_in") await session.refresh();
  }

  useEffect(() => {
    if (!token) return;
    verify({ token }).catch((error) =>
      setState(error instanceof ApiFailure && error.param === "password" ? { kind: "choose_password" } : { kind: "failed", error }),
    );
  }, [token]);

  const form = useSubmit(() => verify({ token: token!, password }), ["password"]);
  const signedIn = session.state.status === "signed_in";
  return (
    <AuthCard title="Verify your email">
      {!token && state.kind === "working" ? (
        <ErrorNotice error={new Error("This page needs the link from your email. Open the link again, or ask for a new one in account settings.")} />
      ) : state.kind === "working" ? (
        <Loading label="Verifying…" />
      ) : state.kind === "failed" ? (
        <ErrorNotice error={state.error} />
      ) : state.kind === "choose_password" ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            form.submit();
          }}
        >
          <p>Choose the password for this account to finish. It replaces any password set before this address was proven, and signs out every other session.</p>
          {form.generalError && <ErrorNotice error={form.generalError} />}
          <Field
            label="Password"
            name="password"
            type="password"
            required
            value={password}
            onValue={setPassword}
            autoComplete="new-password"
            hint="At least 10 characters."
            error={form.fieldError("password")}
          />
          <Submit busy={form.busy}>Verify and set password</Submit>
        </form>
      ) : (
        <>
          <Notice kind="success">
            <p>{state.message}</p>
          </Notice>
          <p>{signedIn ? <Link href="/">Continue to your dashboard</Link> : <Link href="/sign-in">Sign in</Link>}</p>
        </>
      )}
    </AuthCard>
  );
}
