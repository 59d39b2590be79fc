import { api, type Campaign, type Creator, type Page } from "../../api";
import { navigate, useLocation } from "../../router";
import { Notice, useLoad } from "../../ui";
import { useBrand } from "./BrandShell";

/** The campaign and creator pickers that Conversions and Analytics filter by. */
export function useFilterOptions() {
  const { brand } = useBrand();
  const campaigns = useLoad(() => api<Page<Campaign>>(`/api/brands/${brand.id}/campaigns?limit=100`), [brand.id]);
  const creators = useLoad(() => api<Page<Creator>>(`/api/brands/${brand.id}/affiliates?scope=enrolled&limit=100`), [brand.id]);
  return {
    campaigns: campaigns.state.kind === "ready" ? campaigns.state.data.data : [],
    creators: creators.state.kind === "ready" ? creators.state.data.data : [],
  };
}

export function Select({ label, name, value, onValue, options, all }: { label: string; name: string; value: string; onValue: (v: string) => void; options: { id: string; name: string }[]; all: string }) {
  return (
    <label class="field" for={`f-${name}`}>
      <span>{label}</span>
      <select id={`f-${name}`} name={name} value={value} onChange={(e) => onValue(e.currentTarget.value)}>
        <option value="">{all}</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** `YYYY-MM-DD` of the UTC day `days` before today. */
export function utcDay(daysAgo = 0): string {
  return new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Whether the page shows test-mode data (`?mode=test` in the address, so a reload or a
 * shared link keeps it): live data otherwise. Lists, exports and analytics never mix them.
 */
export function useTestMode(): [boolean, (on: boolean) => void] {
  const { path, search } = useLocation();
  const on = search.get("mode") === "test";
  return [on, (next) => navigate(next ? `${path}?mode=test` : path, { replace: true })];
}

/** The "Test data" switch of the Conversions, Commissions and Analytics pages. */
export function TestDataToggle({ on, onChange }: { on: boolean; onChange: (on: boolean) => void }) {
  return (
    <label class="field checkbox test-data" for="f-test-data">
      <input id="f-test-data" name="mode" type="checkbox" checked={on} onChange={(e) => onChange(e.currentTarget.checked)} />
      <span>Test data</span>
    </label>
  );
}

/** Says, while the switch is on, that nothing shown is real money. */
export function TestDataNotice({ on }: { on: boolean }) {
  if (!on) return null;
  return (
    <Notice kind="warning">
      <p data-testid="test-data-notice">
        Showing test data only: payments from your gateways' test mode or sandbox. None of it is owed or paid out; turn off <strong>Test data</strong> to see live data.
      </p>
    </Notice>
  );
}
