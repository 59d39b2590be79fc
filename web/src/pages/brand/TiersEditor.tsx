import type { CommissionTier } from "../../api";
import { Field } from "../../ui";
import { emptyTier, type DraftTier } from "./campaign-draft";

/**
 * Performance tiers of the campaign form: from a number of credited sales (or revenue) of
 * one creator in a calendar month, a higher rate replaces the base commission (tier 1).
 */
export function TiersEditor({
  metric,
  tiers,
  currency,
  error,
  onMetric,
  onTiers,
}: {
  metric: CommissionTier["metric"];
  tiers: DraftTier[];
  currency: string;
  error: string | undefined;
  onMetric: (m: CommissionTier["metric"]) => void;
  onTiers: (t: DraftTier[]) => void;
}) {
  const change = (i: number, patch: Partial<DraftTier>) => onTiers(tiers.map((t, j) => (j === i ? { ...t, ...patch } : t)));
  return (
    <fieldset class="field tiers" data-testid="tiers">
      <legend>Performance tiers (optional)</legend>
      <small class="muted">
        Reward a creator's best months: from a number of credited sales {metric === "revenue" ? `(here: revenue in ${currency})` : ""} in a calendar month (UTC), their later sales of
        that month earn the tier's rate. The rate above is tier 1; a product's own rate still wins.
      </small>
      {tiers.length > 0 && (
        <label class="field" for="f-tier_metric">
          <span>Count</span>
          <select id="f-tier_metric" name="tier_metric" value={metric} onChange={(e) => onMetric(e.currentTarget.value as CommissionTier["metric"])}>
            <option value="sales">Credited sales in the month</option>
            <option value="revenue">Credited revenue in the month ({currency})</option>
          </select>
        </label>
      )}
      {tiers.map((t, i) => (
        <div class="inline-form" key={i} data-testid="tier">
          <Field
            label={`Tier ${i + 2} from ${metric === "sales" ? "sale number" : `revenue (${currency})`}`}
            name={`tier_threshold_${i}`}
            required
            value={t.threshold}
            onValue={(v) => change(i, { threshold: v })}
            placeholder={metric === "sales" ? "11" : "1000"}
          />
          <label class="field" for={`f-tier_type_${i}`}>
            <span>Pays</span>
            <select id={`f-tier_type_${i}`} value={t.type} onChange={(e) => change(i, { type: e.currentTarget.value as DraftTier["type"] })}>
              <option value="percentage">A percentage</option>
              <option value="flat">A flat amount</option>
            </select>
          </label>
          {t.type === "percentage" ? (
            <Field label="Rate (%)" name={`tier_percent_${i}`} required value={t.percent} onValue={(v) => change(i, { percent: v })} placeholder="30" />
          ) : (
            <Field label={`Amount (${currency})`} name={`tier_amount_${i}`} required value={t.amount} onValue={(v) => change(i, { amount: v })} />
          )}
          <button type="button" class="secondary small-button" onClick={() => onTiers(tiers.filter((_, j) => j !== i))}>
            Remove
          </button>
        </div>
      ))}
      {error && <small class="field-error">{error}</small>}
      {tiers.length < 10 && (
        <p>
          <button type="button" class="secondary small-button" onClick={() => onTiers([...tiers, emptyTier()])}>
            Add a tier
          </button>
        </p>
      )}
    </fieldset>
  );
}
