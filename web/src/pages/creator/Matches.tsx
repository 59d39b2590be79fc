import { useState } from "preact/hooks";
import { openHelp } from "../../help/button";
import { api, type CampaignMatch, type MatchFactor } from "../../api";
import { commissionLabel } from "../../format";
import { Link } from "../../router";
import { Empty, ErrorNotice, Loaded, Notice, useLoad, useSubmit } from "../../ui";

/** The explainable score: each factor's points and the sentence behind them. */
export function ScoreReasons({ score, factors }: { score: number; factors: MatchFactor[] }) {
  return (
    <div class="score">
      <strong class="score-value" title="Match score out of 100">
        {score}
      </strong>
      <ul class="reasons small">
        {factors.map((f) => (
          <li key={f.factor}>
            <span class="muted">
              {f.factor} {f.points}/{f.max}:
            </span>{" "}
            {f.reason}
          </li>
        ))}
      </ul>
    </div>
  );
}

function MatchCard({ match, onApplied }: { match: CampaignMatch; onApplied: () => void }) {
  const c = match.campaign;
  const apply = useSubmit(async () => {
    await api("/api/creator/applications", { method: "POST", json: { campaign_id: c.id } });
    onApplied();
  });
  return (
    <article class="card match" data-testid="match">
      <div class="match-head">
        <div>
          <h2>{c.name}</h2>
          <p class="muted small">
            by {c.brand.name} · {commissionLabel(c.commission)} · {c.cookie_window_days}-day cookie
          </p>
        </div>
        <div class="actions">
          <button type="button" disabled={apply.busy} onClick={() => apply.submit()}>
            {apply.busy ? "Applying…" : "Apply"}
          </button>
          <button type="button" class="link small" onClick={() => openHelp({ kind: "report", campaignId: c.id, campaignName: c.name })}>
            Report
          </button>
        </div>
      </div>
      {c.description && <p>{c.description}</p>}
      <ScoreReasons score={match.score} factors={match.factors} />
      {c.terms && (
        <details class="small">
          <summary>Terms</summary>
          <p>{c.terms}</p>
        </details>
      )}
      {apply.generalError && <ErrorNotice error={apply.generalError} />}
    </article>
  );
}

/** `/creator/matches`: listed campaigns ranked for the profile, one click to apply. */
export function Matches() {
  const { state, reload } = useLoad(() => api<{ data: CampaignMatch[] }>("/api/creator/matches?limit=30"), []);
  const [applied, setApplied] = useState<string | null>(null);
  return (
    <div class="stack">
      {applied && (
        <Notice kind="success">
          <p>
            Applied to {applied}. Follow it under <Link href="/creator/applications">Applications</Link>.
          </p>
        </Notice>
      )}
      <Loaded state={state} reload={reload}>
        {({ data }) =>
          data.length === 0 ? (
            <Empty title="No matches right now">
              <p>
                No listed campaign is open to you yet. Add niches and audience countries to your <Link href="/creator/profile">profile</Link> to match better.
              </p>
            </Empty>
          ) : (
            <>
              {data.map((m) => (
                <MatchCard
                  key={m.campaign.id}
                  match={m}
                  onApplied={() => {
                    setApplied(m.campaign.name);
                    reload();
                  }}
                />
              ))}
            </>
          )
        }
      </Loaded>
    </div>
  );
}
