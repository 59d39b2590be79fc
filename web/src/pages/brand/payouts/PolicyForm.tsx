import { useState } from "preact/hooks";
import { api } from "../../../api";
import { majorToMinor, minorToDecimal } from "../../../money";
import { ErrorNotice, Field, Notice, Submit, formatDate, useSubmit } from "../../../ui";
import type { PayoutPolicy, PayoutSchedule } from "./types";

const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const FIELDS = ["schedule", "weekday", "month_day", "minimum_amount", "requires_approval", "require_tax_form"];

/**
 * When runs open, the smallest amount paid, approval and the tax-form rule. The currency is
 * not a choice: runs charge and transfer in the platform's settlement currency (the API says which).
 */
export function PolicyForm({ brandId, policy, editable, onSaved }: { brandId: string; policy: PayoutPolicy; editable: boolean; onSaved: (p: PayoutPolicy) => void }) {
  const [schedule, setSchedule] = useState<PayoutSchedule>(policy.schedule);
  const [weekday, setWeekday] = useState(policy.weekday ?? 1);
  const [monthDay, setMonthDay] = useState(policy.month_day ?? 1);
  const currency = policy.currency;
  const [minimum, setMinimum] = useState(minorToDecimal(policy.minimum_amount, policy.currency));
  const [requiresApproval, setRequiresApproval] = useState(policy.requires_approval);
  const [requireTaxForm, setRequireTaxForm] = useState(policy.require_tax_form);
  const [saved, setSaved] = useState(false);
  const form = useSubmit(async () => {
    const body = {
      schedule,
      weekday: schedule === "weekly" ? weekday : null,
      month_day: schedule === "monthly" ? monthDay : null,
      minimum_amount: majorToMinor(minimum, currency, "minimum_amount") ?? 0,
      requires_approval: requiresApproval,
      require_tax_form: requireTaxForm,
    };
    onSaved(await api<PayoutPolicy>(`/api/brands/${brandId}/payout-policy`, { method: "PATCH", json: body }));
    setSaved(true);
  }, FIELDS);
  const fieldError = (name: string) => {
    const error = form.fieldError(name);
    return error ? <small class="field-error">{error}</small> : null;
  };
  return (
    <form
      class="card narrow"
      aria-label="Payout policy"
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        form.submit();
      }}
    >
      <h2>Policy</h2>
      {saved && (
        <Notice kind="success">
          <p>Saved.</p>
        </Notice>
      )}
      {form.generalError && <ErrorNotice error={form.generalError} />}
      <fieldset disabled={!editable}>
        <label class="field" for="f-schedule">
          <span>Schedule</span>
          <select id="f-schedule" name="schedule" value={schedule} onChange={(e) => setSchedule(e.currentTarget.value as PayoutSchedule)}>
            <option value="manual">Manual: when you preview and approve a run</option>
            <option value="weekly">Weekly</option>
            <option value="monthly">Monthly</option>
          </select>
          {fieldError("schedule")}
        </label>
        {schedule === "weekly" && (
          <label class="field" for="f-weekday">
            <span>Day of the week</span>
            <select id="f-weekday" name="weekday" value={weekday} onChange={(e) => setWeekday(Number(e.currentTarget.value))}>
              {WEEKDAYS.map((d, i) => (
                <option key={d} value={i + 1}>
                  {d}
                </option>
              ))}
            </select>
            {fieldError("weekday")}
          </label>
        )}
        {schedule === "monthly" && (
          <label class="field" for="f-month_day">
            <span>Day of the month</span>
            <select id="f-month_day" name="month_day" value={monthDay} onChange={(e) => setMonthDay(Number(e.currentTarget.value))}>
              {Array.from({ length: 28 }, (_, i) => (
                <option key={i} value={i + 1}>
                  {i + 1}
                </option>
              ))}
            </select>
            {fieldError("month_day")}
          </label>
        )}
        <p class="small muted">Runs pay in {currency}, the currency Rekomi's Stripe platform settles in; commissions in other currencies stay owed.</p>
        <Field label={`Minimum payout (${currency})`} name="minimum_amount" value={minimum} onValue={setMinimum} error={form.fieldError("minimum_amount")} hint="A creator owed less is carried forward to a later run." />
        <label class="field checkbox" for="f-requires_approval">
          <input id="f-requires_approval" name="requires_approval" type="checkbox" checked={requiresApproval} onChange={(e) => setRequiresApproval(e.currentTarget.checked)} />
          <span>An owner or admin approves each run before the charge</span>
        </label>
        {fieldError("requires_approval")}
        <label class="field checkbox" for="f-require_tax_form">
          <input id="f-require_tax_form" name="require_tax_form" type="checkbox" checked={requireTaxForm} onChange={(e) => setRequireTaxForm(e.currentTarget.checked)} />
          <span>Hold payouts until a creator has a valid tax form on file</span>
        </label>
        {fieldError("require_tax_form")}
        {editable && <Submit busy={form.busy}>Save policy</Submit>}
      </fieldset>
      {policy.next_run_at && <p class="small muted">Next scheduled run: {formatDate(policy.next_run_at)}</p>}
    </form>
  );
}
