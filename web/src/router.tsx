import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";

/** A tiny history router: no full-page reloads, and the back button works. */

const listeners = new Set<() => void>();

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  if (opts.replace) history.replaceState(null, "", to);
  else history.pushState(null, "", to);
  for (const fn of listeners) fn();
}

addEventListener("popstate", () => {
  for (const fn of listeners) fn();
});

/** The current path (and hash, which carries emailed tokens); re-renders on navigation. */
export function useLocation(): { path: string; hash: string; search: URLSearchParams } {
  const [, tick] = useState(0);
  useEffect(() => {
    const fn = () => tick((n) => n + 1);
    listeners.add(fn);
    return () => listeners.delete(fn);
  }, []);
  return { path: location.pathname, hash: location.hash, search: new URLSearchParams(location.search) };
}

/** Matches `/brands/:brandId/team` style patterns; returns the params or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const names: string[] = [];
  const re = new RegExp(`^${pattern.replace(/:(\w+)/g, (_, n: string) => (names.push(n), "([^/]+)"))}/?$`);
  const m = re.exec(path);
  if (!m) return null;
  return Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)]));
}

type LinkProps = { href: string; children: ComponentChildren; class?: string; "aria-current"?: "page" | undefined };

export function Link({ href, children, ...rest }: LinkProps) {
  return (
    <a
      href={href}
      {...rest}
      onClick={(e) => {
        if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(href);
      }}
    >
      {children}
    </a>
  );
}

/** The token an emailed link carries in its fragment (`#token=…`). */
export function tokenFromHash(hash: string): string | null {
  return new URLSearchParams(hash.replace(/^#/, "")).get("token");
}
