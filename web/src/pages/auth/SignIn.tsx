import { useState } from "preact/hooks";
import { api, type Me } from "../../api";
import { Link, navigate, useLocation } from "../../router";
import { useSession } from "../../session";
import { ErrorNotice, Field, Submit, useSubmit } from "../../ui";
import { AuthCard } from "./AuthCard";

/** Only same-site paths are followed after sign-in. */
export function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

export function SignIn() {
  const { search } = useLocation();
  const { setMe } = useSession();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const form = useSubmit(async () => {
    const me = await api<Me>("/api/auth/sign-in", { method: "POST", json: { email, password } });
    setMe(me);
    navigate(safeNext(search.get("next")), { replace: true });
  }, ["email"]);

  return (
    <AuthCard title="Sign in to Rekomi" footer={<>New here? <Link href={`/sign-up${location.search}`}>Create an account</Link></>}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          form.submit();
        }}
      >
        {form.generalError && <ErrorNotice error={form.generalError} />}
        <Field label="Email" name="email" type="email" required value={email} onValue={setEmail} autoComplete="username" error={form.fieldError("email")} />
        <Field label="Password" name="password" type="password" required value={password} onValue={setPassword} autoComplete="current-password" />
        <Submit busy={form.busy}>Sign in</Submit>
        <p class="small">
          <Link href="/reset-password">Forgot your password?</Link>
        </p>
      </form>
    </AuthCard>
  );
}
