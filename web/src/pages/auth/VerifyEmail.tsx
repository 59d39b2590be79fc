import { useEffect, useState } from "preact/hooks";
import { api } from "../../api";
import { Link, tokenFromHash, useLocation } from "../../router";
import { useSession } from "../../session";
import { ErrorNotice, Loading, Notice } from "../../ui";
import { AuthCard } from "./AuthCard";

export function VerifyEmail() {
  const { hash } = useLocation();
  const session = useSession();
  const [state, setState] = useState<{ kind: "working" } | { kind: "done"; message: string } | { kind: "failed"; error: unknown }>({ kind: "working" });
  const token = tokenFromHash(hash);

  useEffect(() => {
    if (!token) return;
    api<{ message: string }>("/api/auth/verify-email", { method: "POST", json: { token } }).then(
      async (r) => {
        // Drop the spent token from the address bar and history.
        history.replaceState(null, "", location.pathname);
        setState({ kind: "done", message: r.message });
        if (session.state.status === "signed_in") await session.refresh();
      },
      (error) => setState({ kind: "failed", error }),
    );
  }, [token]);

  const signedIn = session.state.status === "signed_in";
  return (
    <AuthCard title="Verify your email">
      {!token && state.kind === "working" ? (
        <ErrorNotice error={new Error("This page needs the link from your email. Open the link again, or ask for a new one in account settings.")} />
      ) : state.kind === "working" ? (
        <Loading label="Verifying…" />
      ) : state.kind === "failed" ? (
        <ErrorNotice error={state.error} />
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
