import type { ComponentChildren } from "preact";
import { Link, useLocation } from "../../router";
import { useMe } from "../../session";
import { VerifyBanner } from "../Account";

const TABS = [
  { path: "matches", label: "Matches for you" },
  { path: "applications", label: "Applications" },
  { path: "campaigns", label: "My campaigns" },
  { path: "earnings", label: "Earnings" },
  { path: "payouts", label: "Payouts" },
  { path: "tax-forms", label: "Tax forms" },
  { path: "profile", label: "Profile" },
];

/** The creator side of the dashboard: one profile, matched campaigns, applications, links. */
export function CreatorShell({ children }: { children: ComponentChildren }) {
  const me = useMe();
  const { path } = useLocation();
  return (
    <>
      <div class="brand-head">
        <h1>{me.affiliate?.display_name ?? "Creator"}</h1>
        <span class="badge">creator</span>
      </div>
      {!me.email_verified && <VerifyBanner />}
      {me.affiliate && (
        <nav class="tabs" aria-label="Creator">
          {TABS.map((t) => {
            const href = `/creator/${t.path}`;
            return (
              <Link key={t.path} href={href} aria-current={path === href ? "page" : undefined}>
                {t.label}
              </Link>
            );
          })}
        </nav>
      )}
      {children}
    </>
  );
}
