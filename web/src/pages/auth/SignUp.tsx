import { useState } from "preact/hooks";
import { api } from "../../api";
import { Link } from "../../router";
import { ErrorNotice, Field, Notice, Submit, useSubmit } from "../../ui";
import { AuthCard, DevMailboxHint } from "./AuthCard";

export function SignUp() {
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useSubmit(async () => {
    await api("/api/auth/sign-up", { method: "POST", json: { email, password, ...(name.trim() && { name: name.trim() }) } });
    setSentTo(email);
  }, ["email", "password", "name"]);

  if (sentTo) {
    return (
      <AuthCard title="Check your inbox">
        <Notice kind="success">
          <p>
            We sent a link to <strong>{sentTo}</strong>. Follow it to verify your email address, then sign in.
          </p>
        </Notice>
        <DevMailboxHint />
        <p>
          <Link href={`/sign-in${location.search}`}>Go to sign in</Link>
        </p>
      </AuthCard>
    );
  }

  return (
    <AuthCard title="Create your Rekomi account" footer={<>Already have an account? <Link href="/sign-in">Sign in</Link></>}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          form.submit();
        }}
      >
        {form.generalError && <ErrorNotice error={form.generalError} />}
        <Field label="Name" name="name" value={name} onValue={setName} autoComplete="name" error={form.fieldError("name")} />
        <Field label="Email" name="email" type="email" required value={email} onValue={setEmail} autoComplete="email" error={form.fieldError("email")} />
        <Field
          label="Password"
          name="password"
          type="password"
          required
          value={password}
          onValue={setPassword}
          autoComplete="new-password"
          hint="At least 10 characters. A few unrelated words make a strong one."
          error={form.fieldError("password")}
        />
        <Submit busy={form.busy}>Sign up</Submit>
      </form>
    </AuthCard>
  );
}
