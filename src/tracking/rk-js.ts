/**
 * rk.js, the script brands put on their site (`<script src="https://go.rekomi.com/rk.js"
 * async></script>`). It must stay under 2 KB gzipped (test/node/unit/rk-js.test.ts).
 *
 * - Keeps `rk_click` from the landing URL in a first-party cookie until the click's
 *   attribution window closes (the window and click time are read from the click id;
 *   the script cannot and need not check its signature, the server does). On a
 *   first-click campaign a still-valid earlier click is kept.
 * - `data-domain=".acme.com"` on the script tag shares the cookie across subdomains.
 * - `rekomi.clickId()`; `rekomi.stripe(params)` adds `client_reference_id` and
 *   `metadata.rk_click` to Checkout Session params, and in subscription mode
 *   `subscription_data.metadata.rk_click` too (Stripe copies the session's metadata to
 *   neither the subscription nor its invoices); `rekomi.paddle(customData)` adds
 *   `rk_click` to Paddle `customData`; `rekomi.field(form)` adds a hidden `rk_click`
 *   input. Forms marked `data-rekomi` and Stripe Payment Links (`buy.stripe.com`) are
 *   filled in automatically.
 */
export const RK_JS = `/*! rk.js (rekomi) */
(function (w, d) {
  var N = "rk_click", RE = /^clk_[\\w-]{56}$/, s = d.currentScript, dom = s && s.getAttribute("data-domain");
  function valid(v) { return v && RE.test(v) ? v : null; }
  function read() { var m = d.cookie.match(/(?:^|; )rk_click=([^;]*)/); return valid(m && m[1]); }
  function claims(id) {
    var b = atob(id.slice(4).replace(/-/g, "+").replace(/_/g, "/")), n = function (i) { return b.charCodeAt(i); };
    var t = (n(18) * 256 + n(19)) * 4294967296 + (n(20) * 16777216 + n(21) * 65536 + n(22) * 256 + n(23));
    return { end: t + (n(24) * 256 + n(25)) * 864e5, first: n(26) & 1 };
  }
  var landed = valid(new URLSearchParams(w.location.search).get(N));
  if (landed) {
    var now = Date.now(), kept = read(), c = claims(landed);
    if (!(kept && kept !== landed && c.first && claims(kept).end > now) && c.end > now) {
      d.cookie = N + "=" + landed + "; Max-Age=" + Math.floor((c.end - now) / 1000) + "; Path=/; SameSite=Lax" +
        (dom ? "; Domain=" + dom : "") + (w.location.protocol == "https:" ? "; Secure" : "");
    }
  }
  function clickId() { return read() || landed; }
  function field(form) {
    var id = clickId(), input = form.querySelector("input[name=" + N + "]");
    if (!id) return;
    if (!input) { input = d.createElement("input"); input.type = "hidden"; input.name = N; form.appendChild(input); }
    input.value = id;
  }
  var api = {
    clickId: clickId,
    stripe: function (p) {
      var id = clickId(); p = p || {};
      if (!id) return p;
      p.client_reference_id = id; p.metadata = Object.assign({}, p.metadata, { rk_click: id });
      if (p.mode == "subscription") {
        var sd = p.subscription_data = Object.assign({}, p.subscription_data);
        sd.metadata = Object.assign({}, sd.metadata, { rk_click: id });
      }
      return p;
    },
    paddle: function (data) { var id = clickId(); return id ? Object.assign({}, data, { rk_click: id }) : data || {}; },
    field: field
  };
  function decorate() {
    var id = clickId();
    if (!id) return;
    d.querySelectorAll("form[data-rekomi]").forEach(field);
    d.querySelectorAll("a[href^='https://buy.stripe.com/']").forEach(function (a) {
      var u = new URL(a.href); u.searchParams.set("client_reference_id", id); a.href = u.toString();
    });
  }
  if (d.readyState == "loading") d.addEventListener("DOMContentLoaded", decorate); else decorate();
  w.rekomi = api;
})(window, document);
`;
