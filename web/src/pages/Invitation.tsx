import { useState } from "preact/hooks";
import { api, type InvitationPreview } from "../api";
import { Link, navigate, tokenFromHash, useLocation } from "../router";
import { useSession } from "../session";
import { ErrorNotice, Loaded, Notice, Submit, useLoad, useSubmit } from "../ui";
import { AuthCard } from "./auth/AuthCard";

/** `/invitations#token=…`: who invited you, then sign in (or up) as the invited address and accept. */
export function Invitation() {
  const { hash } = useLocation();
  const [token] = useState(() => tokenFromHash(hash));
  const session = useSession();
  const preview = useLoad(() => (token ? api<InvitationPreview>("/api/invitations/preview", { method: "POST", json: { token } }) : Promise.reject(new Error("This page needs the link from your invitation email."))), [token]);
  const accept = useSubmit(async () => {
    const joined = await api<{ brand_id: string }>("/api/invitations/accept", { method: "POST", json: { token } });
    await session.refresh();
    navigate(`/brands/${joined.brand_id}/campaigns`, { replace: true });
  });
  const here = `/invitations#token=${token ?? ""}`;

  return (
    <AuthCard title="Team invitation">
      <Loaded state={preview.state} reload={preview.reload}>
        {(p) => {
          if (p.state !== "pending") return <ErrorNotice error={new Error(`This invitation is ${p.state}. Ask the brand for a new one.`)} />;
          const me = session.state.status === "signed_in" ? session.state.me : null;
          return (
            <>
              <p>
                You are invited to join <strong>{p.brand_name}</strong> as <strong>{p.role}</strong>. The invitation is for <strong>{p.email}</strong>.
              </p>
              {!me ? (
                <p>
                  <Link href={`/sign-in?next=${encodeURIComponent(here)}`}>Sign in</Link> or{" "}
                  <Link href={`/sign-up?next=${encodeURIComponent(here)}`}>create an account</Link> with that address to accept.
                </p>
              ) : me.email.toLowerCase() !== p.email.toLowerCase() ? (
                <Notice kind="warning">
                  <p>
                    You are signed in as {me.email}. Sign out and sign in as {p.email} to accept.
                  </p>
                </Notice>
              ) : !me.email_verified ? (
                <Notice kind="warning">
                  <p>Verify your email address first (see the link we sent you), then come back to this page.</p>
                </Notice>
              ) : (
                <>
                  {accept.generalError && <ErrorNotice error={accept.generalError} />}
                  <Submit busy={accept.busy} onClick={() => accept.submit()}>
                    Join {p.brand_name}
                  </Submit>
                </>
              )}
            </>
          );
        }}
      </Loaded>
    </AuthCard>
  );
}
