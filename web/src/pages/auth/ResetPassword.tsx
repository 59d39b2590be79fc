import { useState } from "preact/hooks";
import { api } from "../../api";
import { Link, tokenFromHash, useLocation } from "../../router";
import { ErrorNotice, Field, Notice, Submit, useSubmit } from "../../ui";
import { AuthCard, DevMailboxHint } from "./AuthCard";

export function ResetRequest() {
  const [email, setEmail] = useState("");
  const [message, setMessage] = useState<string | null>(null);
  const form = useSubmit(async () => {
    setMessage((await api<{ message: string }>("/api/auth/password-reset", { method: "POST", json: { email } })).message);
  }, ["email"]);
  return (
    <AuthCard title="Reset your password" footer={<Link href="/sign-in">Back to sign in</Link>}>
      {message ? (
        <>
          <Notice kind="success">
            <p>{message}</p>
          </Notice>
          <DevMailboxHint />
        </>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            form.submit();
          }}
        >
          {form.generalError && <ErrorNotice error={form.generalError} />}
          <Field label="Email" name="email" type="email" required value={email} onValue={setEmail} autoComplete="email" error={form.fieldError("email")} />
          <Submit busy={form.busy}>Email me a link</Submit>
        </form>
      )}
    </AuthCard>
  );
}

export function ResetConfirm() {
  const { hash } = useLocation();
  const [token] = useState(() => tokenFromHash(hash));
  const [password, setPassword] = useState("");
  const [done, setDone] = useState(false);
  const form = useSubmit(async () => {
    await api("/api/auth/password-reset/confirm", { method: "POST", json: { token, password } });
    history.replaceState(null, "", location.pathname);
    setDone(true);
  }, ["password"]);
  if (!token) {
    return (
      <AuthCard title="Choose a new password">
        <ErrorNotice error={new Error("This page needs the link from your email.")} />
        <Link href="/reset-password">Ask for a new link</Link>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Choose a new password">
      {done ? (
        <>
          <Notice kind="success">
            <p>Your password is changed, and every session was signed out.</p>
          </Notice>
          <Link href="/sign-in">Sign in</Link>
        </>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            form.submit();
          }}
        >
          {form.generalError && <ErrorNotice error={form.generalError} />}
          <Field
            label="New password"
            name="password"
            type="password"
            required
            value={password}
            onValue={setPassword}
            autoComplete="new-password"
            hint="At least 10 characters."
            error={form.fieldError("password")}
          />
          <Submit busy={form.busy}>Set password</Submit>
        </form>
      )}
    </AuthCard>
  );
}
