import { useState } from "preact/hooks";
import { api, type CampaignCard, type CreatorEnrollment } from "../api";
import { Link } from "../router";
import { useSession } from "../session";
import { ErrorNotice, Loaded, Notice, Submit, useLoad, useSubmit } from "../ui";
import { AuthCard } from "./auth/AuthCard";
import { CampaignCardView } from "./CampaignCardView";

type JoinPage = CampaignCard & { auto_approve: boolean; state: "open" | "closed" | "unavailable" };

/** `/join/{code}`: a campaign's public join page; signed-in creators apply (or join) in one click. */
export function Join({ code }: { code: string }) {
  const session = useSession();
  const page = useLoad(() => api<JoinPage>(`/api/join/${encodeURIComponent(code)}`), [code]);
  const [result, setResult] = useState<CreatorEnrollment | null>(null);
  const join = useSubmit(async () => {
    setResult(await api<CreatorEnrollment>(`/api/join/${encodeURIComponent(code)}`, { method: "POST" }));
    await session.refresh();
  });
  const here = `/join/${code}`;
  const me = session.state.status === "signed_in" ? session.state.me : null;

  return (
    <AuthCard title="Join a campaign">
      <Loaded state={page.state} reload={page.reload}>
        {(p) => (
          <>
            <CampaignCardView card={p} />
            {p.state !== "open" ? (
              <Notice kind="warning">
                <p>{p.state === "closed" ? "The brand closed this join link." : "This campaign is not taking creators right now."}</p>
              </Notice>
            ) : result ? (
              <Notice kind="success">
                {result.status === "approved" ? (
                  <p>
                    You're in! Find your tracking links under <Link href="/creator/campaigns">My campaigns</Link>.
                  </p>
                ) : (
                  <p>
                    Application sent. {p.brand_name} reviews it; follow it under <Link href="/creator/applications">Applications</Link>.
                  </p>
                )}
              </Notice>
            ) : !me ? (
              <p>
                <Link href={`/sign-in?next=${encodeURIComponent(here)}`}>Sign in</Link> or{" "}
                <Link href={`/sign-up?next=${encodeURIComponent(here)}`}>create a creator account</Link> to {p.auto_approve ? "join" : "apply"}.
              </p>
            ) : !me.email_verified ? (
              <Notice kind="warning">
                <p>Verify your email address first (see the link we sent you), then come back to this page.</p>
              </Notice>
            ) : (
              <>
                {join.generalError && <ErrorNotice error={join.generalError} />}
                <p class="small muted">
                  {me.affiliate ? "Your creator profile is your application." : "We'll create your creator profile from your account; complete it later."}
                </p>
                <Submit busy={join.busy} onClick={() => join.submit()}>
                  {p.auto_approve ? "Join now" : "Apply with my profile"}
                </Submit>
              </>
            )}
          </>
        )}
      </Loaded>
    </AuthCard>
  );
}
