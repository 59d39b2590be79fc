import { createContext, type ComponentChildren } from "preact";
import { useContext } from "preact/hooks";
import { api, type Brand } from "../../api";
import { Link, useLocation } from "../../router";
import { Loaded, useLoad } from "../../ui";

interface BrandContext {
  brand: Brand;
  can: (permission: string) => boolean;
  reload: () => void;
}

const Ctx = createContext<BrandContext | null>(null);

export function useBrand(): BrandContext {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error("useBrand outside BrandShell");
  return ctx;
}

const TABS = [
  { path: "quickstart", label: "Quickstart", needs: "brand.view" },
  { path: "campaigns", label: "Campaigns", needs: "campaigns.view" },
  { path: "applications", label: "Applications", needs: "affiliates.view" },
  { path: "conversions", label: "Conversions", needs: "conversions.view" },
  { path: "commissions", label: "Commissions", needs: "commissions.view" },
  { path: "analytics", label: "Analytics", needs: "conversions.view" },
  { path: "developers", label: "Developers", needs: "developers.view" },
  { path: "team", label: "Team", needs: "team.view" },
  { path: "api-keys", label: "API keys", needs: "api_keys.view" },
  { path: "payouts", label: "Payouts", needs: "payouts.view" },
  { path: "tax-forms", label: "Tax forms", needs: "tax_forms.view" },
  { path: "audit", label: "Audit log", needs: "audit.view" },
  { path: "settings", label: "Settings", needs: "brand.view" },
];

/** Loads the brand (with the caller's role and permissions) for every page under it. */
export function BrandShell({ brandId, children }: { brandId: string; children: ComponentChildren }) {
  const { path } = useLocation();
  const { state, reload } = useLoad(() => api<Brand>(`/api/brands/${brandId}`), [brandId]);
  return (
    <Loaded state={state} reload={reload}>
      {(brand) => {
        const can = (p: string) => brand.permissions.includes(p);
        return (
          <Ctx.Provider value={{ brand, can, reload }}>
            <div class="brand-head">
              <h1>{brand.name}</h1>
              <span class="badge">{brand.role}</span>
              {brand.status !== "active" && <span class="badge paused">suspended: read-only</span>}
            </div>
            <nav class="tabs" aria-label="Brand">
              {TABS.filter((t) => can(t.needs)).map((t) => {
                const href = `/brands/${brand.id}/${t.path}`;
                return (
                  <Link key={t.path} href={href} aria-current={path === href || path.startsWith(`${href}/`) ? "page" : undefined}>
                    {t.label}
                  </Link>
                );
              })}
            </nav>
            {children}
          </Ctx.Provider>
        );
      }}
    </Loaded>
  );
}
