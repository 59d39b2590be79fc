import { api, type Campaign, type Creator, type Page } from "../../api";
import { useLoad } from "../../ui";
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
