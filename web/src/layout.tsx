import type { ComponentChildren } from "preact";
import { api } from "./api";
import { Link, navigate, useLocation } from "./router";
import { useMe, useSession } from "./session";

export const BRAND_KEY = "rekomi.brand";

/** Switches between the brands the user belongs to; remembers the choice for next time. */
function BrandSwitcher() {
  const me = useMe();
  const { path } = useLocation();
  const current = /^\/brands\/(brd_[0-9a-z]+)/.exec(path)?.[1] ?? "";
  if (me.memberships.length === 0) return null;
  return (
    <select
      aria-label="Brand"
      class="brand-switcher"
      value={current}
      onChange={(e) => {
        const value = e.currentTarget.value;
        if (value === "new") return navigate("/brands/new");
        localStorage.setItem(BRAND_KEY, value);
        // Stay on the same kind of page in the other brand.
        const section = /^\/brands\/[^/]+\/([\w-]+)/.exec(path)?.[1] ?? "campaigns";
        navigate(`/brands/${value}/${section}`);
      }}
    >
      {!current && <option value="">Choose a brand…</option>}
      {me.memberships.map((m) => (
        <option key={m.brand_id} value={m.brand_id}>
          {m.brand_name} ({m.role})
        </option>
      ))}
      <option value="new">+ New brand</option>
    </select>
  );
}

export function Layout({ children }: { children: ComponentChildren }) {
  const me = useMe();
  const { setMe } = useSession();
  const { path } = useLocation();
  const signOut = async () => {
    await api("/api/auth/sign-out", { method: "POST" }).catch(() => undefined);
    setMe(null);
    navigate("/sign-in", { replace: true });
  };
  return (
    <div class="shell">
      <header>
        <Link href="/" class="logo">
          Rekomi
        </Link>
        <BrandSwitcher />
        <nav>
          <Link href="/creator" aria-current={path.startsWith("/creator") ? "page" : undefined}>
            {me.affiliate ? "Creator" : "Become a creator"}
          </Link>
          {me.is_platform_admin && (
            <Link href="/admin" aria-current={path === "/admin" ? "page" : undefined}>
              Admin
            </Link>
          )}
          <a href="/docs/api">API reference</a>
          <Link href="/account" aria-current={path === "/account" ? "page" : undefined}>
            {me.name ?? me.email}
          </Link>
          <button type="button" class="link" onClick={signOut}>
            Sign out
          </button>
        </nav>
      </header>
      <main>{children}</main>
    </div>
  );
}
