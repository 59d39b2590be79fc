import { useState } from "preact/hooks";
import { api, type CreatorEnrollment, type CreatorInvitationPreview } from "../api";
import { Link, tokenFromHash, useLocation } from "../router";
import { useSession } from "../session";
import { ErrorNotice, Loaded, Notice, Submit, useLoad, useSubmit } from "../ui";
import { AuthCard } from "./auth/AuthCard";
import { CampaignCardView } from "./CampaignCardView";

/** `/creator-invitations#token=…`: a brand's invitation to one campaign; accepting enrolls you, approved. */
export function CreatorInvitationPage() {
  const { hash } = useLocation();
  const [token] = useState(() => tokenFromHash(hash));
  const session = useSession();
  const preview = useLoad(
    () => (token ? api<CreatorInvitationPreview>("/api/creator-invitations/preview", { method: "POST", json: { token } }) : Promise.reject(new Error("This page needs the link from your invitation email."))),
    [token],
  );
  const [joined, setJoined] = useState<CreatorEnrollment | null>(null);
  const accept = useSubmit(async () => {
    setJoined(await api<CreatorEnrollment>("/api/creator-invitations/accept", { method: "POST", json: { token } }));
    await session.refresh();
  });
  const here = `/creator-invitations#token=${token ?? ""}`;
  const me = session.state.status === "signed_in" ? session.state.me : null;

  return (
    <AuthCard title="Campaign invitation">
      <Loaded state={preview.state} reload={preview.reload}>
        {(p) => (
          <>
            <CampaignCardView card={p} />
            {joined ? (
              <Notice kind="success">
                <p>
                  You're in! Find your tracking links under <Link href="/creator/campaigns">My campaigns</Link>.
                </p>
              </Notice>
            ) : p.state !== "pending" ? (
              <ErrorNotice error={new Error(`This invitation is ${p.state}. Ask ${p.brand_name} for a new one.`)} />
            ) : !me ? (
              <p>
                The invitation is for <strong>{p.email}</strong>. <Link href={`/sign-in?next=${encodeURIComponent(here)}`}>Sign in</Link> or{" "}
                <Link href={`/sign-up?next=${encodeURIComponent(here)}`}>create an account</Link> with that address to accept.
              </p>
            ) : !me.email_verified ? (
              <Notice kind="warning">
                <p>Verify your email address first (see the link we sent you), then come back to this page.</p>
              </Notice>
            ) : (
              <>
                {accept.generalError && <ErrorNotice error={accept.generalError} />}
                <Submit busy={accept.busy} onClick={() => accept.submit()}>
                  Accept and join {p.campaign.name}
                </Submit>
              </>
            )}
          </>
        )}
      </Loaded>
    </AuthCard>
  );
}
