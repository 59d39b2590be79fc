import { useState } from "preact/hooks";
import { api, type Me } from "../api";
import { navigate } from "../router";
import { useMe, useSession } from "../session";
import { ErrorNotice, Field, Notice, Submit, formatDate, useSubmit } from "../ui";

/** Shown while the address is unverified: admin actions wait for it. */
export function VerifyBanner() {
  const me = useMe();
  const [sent, setSent] = useState<string | null>(null);
  const resend = useSubmit(async () => {
    setSent((await api<{ message: string }>("/api/me/verification-email", { method: "POST" })).message);
  });
  return (
    <div class="notice warning" role="status">
      <p>
        Verify <strong>{me.email}</strong> to create brands and manage teams: follow the link we emailed you.
      </p>
      {sent ? (
        <p class="small">{sent}</p>
      ) : (
        <button type="button" class="secondary" disabled={resend.busy} onClick={() => resend.submit()}>
          Send the link again
        </button>
      )}
      {resend.generalError && <ErrorNotice error={resend.generalError} />}
    </div>
  );
}

function Profile() {
  const me = useMe();
  const { setMe } = useSession();
  const [name, setName] = useState(me.name ?? "");
  const [saved, setSaved] = useState(false);
  const form = useSubmit(async () => {
    setMe(await api<Me>("/api/me", { method: "PATCH", json: { name: name.trim() || null } }));
    setSaved(true);
  }, ["name"]);
  return (
    <form
      class="card"
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        form.submit();
      }}
    >
      <h2>Profile</h2>
      {form.generalError && <ErrorNotice error={form.generalError} />}
      <Field label="Name" name="name" value={name} onValue={setName} error={form.fieldError("name")} />
      <p class="small muted">
        Email: {me.email} {me.email_verified ? "(verified)" : "(not verified)"} · member since {formatDate(me.created_at)}
      </p>
      <Submit busy={form.busy}>Save</Submit>
      {saved && <span class="small muted"> Saved.</span>}
    </form>
  );
}

function ChangePassword() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [done, setDone] = useState(false);
  const form = useSubmit(async () => {
    await api("/api/me/password", { method: "POST", json: { current_password: current, new_password: next } });
    setCurrent("");
    setNext("");
    setDone(true);
  }, ["current_password", "new_password"]);
  return (
    <form
      class="card"
      onSubmit={(e) => {
        e.preventDefault();
        setDone(false);
        form.submit();
      }}
    >
      <h2>Password</h2>
      {done && (
        <Notice kind="success">
          <p>Password changed. Your other sessions were signed out.</p>
        </Notice>
      )}
      {form.generalError && <ErrorNotice error={form.generalError} />}
      <Field label="Current password" name="current_password" type="password" required value={current} onValue={setCurrent} autoComplete="current-password" error={form.fieldError("current_password")} />
      <Field label="New password" name="new_password" type="password" required value={next} onValue={setNext} autoComplete="new-password" hint="At least 10 characters." error={form.fieldError("new_password")} />
      <Submit busy={form.busy}>Change password</Submit>
    </form>
  );
}

function ChangeEmail() {
  const [current, setCurrent] = useState("");
  const [email, setEmail] = useState("");
  const [message, setMessage] = useState<string | null>(null);
  const form = useSubmit(async () => {
    setMessage((await api<{ message: string }>("/api/me/email", { method: "POST", json: { current_password: current, new_email: email } })).message);
    setCurrent("");
  }, ["current_password", "new_email"]);
  return (
    <form
      class="card"
      onSubmit={(e) => {
        e.preventDefault();
        setMessage(null);
        form.submit();
      }}
    >
      <h2>Email address</h2>
      {message && (
        <Notice kind="success">
          <p>{message}</p>
        </Notice>
      )}
      {form.generalError && <ErrorNotice error={form.generalError} />}
      <Field label="New email" name="new_email" type="email" required value={email} onValue={setEmail} autoComplete="email" error={form.fieldError("new_email")} />
      <Field label="Current password" name="email_current_password" type="password" required value={current} onValue={setCurrent} autoComplete="current-password" error={form.fieldError("current_password")} />
      <Submit busy={form.busy}>Change email</Submit>
    </form>
  );
}

export function Account() {
  const me = useMe();
  const { setMe } = useSession();
  const signOut = useSubmit(async () => {
    await api("/api/auth/sign-out", { method: "POST" });
    setMe(null);
    navigate("/sign-in", { replace: true });
  });
  return (
    <section class="narrow stack">
      <h1>Account</h1>
      {!me.email_verified && <VerifyBanner />}
      <Profile />
      <ChangePassword />
      <ChangeEmail />
      <div class="card">
        <h2>Sign out</h2>
        {signOut.generalError && <ErrorNotice error={signOut.generalError} />}
        <button type="button" class="secondary" disabled={signOut.busy} onClick={() => signOut.submit()}>
          Sign out of this browser
        </button>
      </div>
    </section>
  );
}
