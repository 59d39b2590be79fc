/** Copy-paste snippets from docs/tracking.md, filled in with the brand's own edge origin and key. */

export function rkJsTag(base: string): string {
  return `<script src="${base}/rk.js" async></script>`;
}

export const STRIPE_CHECKOUT = `// browser: rk.js adds client_reference_id and metadata.rk_click
await fetch("/create-checkout-session", {
  method: "POST",
  body: JSON.stringify(rekomi.stripe({ price: "price_123" })),
});

// server (Node): the subscription keeps rk_click too, so every renewal is credited
const { price, client_reference_id, metadata } = await req.json();
const session = await stripe.checkout.sessions.create({
  mode: "subscription", line_items: [{ price, quantity: 1 }],
  client_reference_id, metadata,
  // Stripe copies the session's metadata to neither the subscription nor its invoices:
  // on the subscription, every renewal's invoice carries rk_click too.
  subscription_data: { metadata },
  success_url, cancel_url,
});`;

export function s2sSigning(base: string, keyId: string | null): string {
  return `import { Webhook } from "standardwebhooks";

// REKOMI_S2S_KEY_ID=${keyId ?? "ssk_…"}  REKOMI_S2S_SECRET=whsec_… (shown once when you create the key)
async function track(type, event) {
  const id = \`msg_\${crypto.randomUUID()}\`, now = new Date(), body = JSON.stringify(event);
  const res = await fetch(\`${base}/v1/track/\${type}\`, {
    method: "POST", body,
    headers: {
      "content-type": "application/json",
      "rekomi-key-id": process.env.REKOMI_S2S_KEY_ID,
      "webhook-id": id,
      "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
      "webhook-signature": new Webhook(process.env.REKOMI_S2S_SECRET).sign(id, now, body),
    },
  });
  if (res.status !== 202) throw new Error(\`rekomi: \${res.status} \${await res.text()}\`);
  return res.json();
}

await track("lead", { click_id: req.cookies.rk_click, customer_external_id: user.id, email: user.email });
await track("sale", { customer_external_id: user.id, amount: 4900, currency: "USD", invoice_id: invoice.id });`;
}
