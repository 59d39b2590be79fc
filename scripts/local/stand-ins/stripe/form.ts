/** A parsed Stripe request: form fields nested by their brackets (`a[b]=c`, `expand[]=x`, `items[0][price]=p`). */
export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormParams = { [key: string]: FormValue };

/**
 * Parses an `application/x-www-form-urlencoded` body or query string the way Stripe reads it.
 * The SDK sends arrays as `a[0]=x`; curl and the docs use `a[]=x`: both become arrays. An empty
 * value stays "" (Stripe reads it as "unset").
 */
export function parseForm(encoded: string): FormParams {
  const root: FormParams = {};
  for (const [rawKey, value] of new URLSearchParams(encoded)) {
    const [head, ...rest] = splitKey(rawKey);
    if (!head) continue;
    assign(root, head, rest, value);
  }
  return root;
}

function splitKey(key: string): string[] {
  const first = key.indexOf("[");
  if (first < 0) return [key];
  const parts = [key.slice(0, first)];
  for (const match of key.slice(first).matchAll(/\[([^\]]*)\]/g)) parts.push(match[1] ?? "");
  return parts;
}

function assign(container: { [key: string]: FormValue } | FormValue[], key: string, rest: string[], value: string): void {
  const slot = (): FormValue | undefined => (Array.isArray(container) ? container[Number(key)] : container[key]);
  const put = (v: FormValue) => {
    if (Array.isArray(container)) {
      if (key === "") container.push(v);
      else container[Number(key)] = v;
    } else container[key] = v;
  };
  if (rest.length === 0) {
    put(value);
    return;
  }
  const [next, ...tail] = rest as [string, ...string[]];
  const wantsArray = next === "" || /^\d+$/.test(next);
  let child = key === "" ? undefined : slot();
  if (child === undefined || typeof child === "string") {
    child = wantsArray ? [] : {};
    put(child);
  }
  assign(child, next, tail, value);
}
