import braintree from "braintree";
import type { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBraintreeStandIn, type BraintreeStandIn } from "../../../scripts/local/stand-ins/braintree";

let standIn: BraintreeStandIn;

beforeAll(async () => {
  standIn = await startBraintreeStandIn();
});
afterAll(async () => {
  await standIn.stop();
});

/** A merchant of its own per test, and the official SDK pointed at the stand-in over plain HTTP. */
function merchant(name: string, currency = "USD") {
  const keys = { merchantId: `m_${name}`, publicKey: `pub_${name}`, privateKey: `priv_${name}_0123456789abcdef` };
  standIn.addMerchant({ merchant_id: keys.merchantId, public_key: keys.publicKey, private_key: keys.privateKey, currency_iso_code: currency });
  return { ...keys, gateway: sdk(keys) };
}

function sdk(keys: { merchantId: string; publicKey: string; privateKey: string }) {
  const environment = new braintree.Environment(standIn.host, String(standIn.port), "http://auth.standin.invalid", false, "graphql.standin.invalid", "0");
  return new braintree.BraintreeGateway({ environment, ...keys });
}

async function collect(stream: Readable): Promise<braintree.Transaction[]> {
  const found: braintree.Transaction[] = [];
  for await (const transaction of stream) found.push(transaction as braintree.Transaction);
  return found;
}

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

describe("Braintree stand-in: transaction search through the official SDK", () => {
  it("finds the refunds (credit transactions) created in a range, as the SDK parses them", async () => {
    const { merchantId, publicKey, gateway } = merchant("range");
    const sale = standIn.addSale({ merchant_id: merchantId, amount: "10.00", created_at: minutesAgo(120).toISOString() });
    const old = standIn.refund({ transaction_id: sale.id, amount: "1.00", created_at: minutesAgo(90).toISOString() });
    const recent = standIn.refund({ transaction_id: sale.id, amount: "4.00", created_at: minutesAgo(10).toISOString() });

    const since = minutesAgo(60);
    const found = await collect(
      gateway.transaction.search((search) => {
        search.type().is(braintree.Transaction.Type.Credit);
        search.createdAt().min(since);
      }),
    );
    expect(found.map((t) => t.id)).toEqual([recent.id]);
    expect(found[0]).toMatchObject({ id: recent.id, type: "credit", status: "submitted_for_settlement", amount: "4.00", currencyIsoCode: "USD", refundedTransactionId: sale.id, merchantAccountId: "m_range_usd" });
    expect(Date.parse(found[0]!.createdAt)).toBe(Math.floor(recent.createdAt.getTime() / 1000) * 1000);

    // The sale names both of its refunds.
    const sales = await collect(gateway.transaction.search((search) => search.ids().in([sale.id])));
    expect(sales[0]).toMatchObject({ type: "sale", amount: "10.00", refundIds: [old.id, recent.id] });

    // What went over the wire: the ids first, then a page of transactions, authenticated and versioned.
    const mine = standIn.requests.filter((r) => r.publicKey === publicKey);
    expect(mine.map((r) => r.path)).toEqual([
      `/merchants/${merchantId}/transactions/advanced_search_ids`,
      `/merchants/${merchantId}/transactions/advanced_search`,
      `/merchants/${merchantId}/transactions/advanced_search_ids`,
      `/merchants/${merchantId}/transactions/advanced_search`,
    ]);
    expect(mine[0]).toMatchObject({ method: "POST", apiVersion: "6", status: 200, body: { search: { type: ["credit"], created_at: { min: since.toISOString() } } } });
    expect(mine[1]!.body).toEqual({ search: { type: ["credit"], created_at: { min: since.toISOString() }, ids: [recent.id] } });
  });

  it("pages more results than one page holds, as the SDK asks for them", async () => {
    const { merchantId, publicKey, gateway } = merchant("paging");
    const credits = [];
    for (let i = 0; i < 53; i++) {
      const sale = standIn.addSale({ merchant_id: merchantId, amount: "2.50" });
      credits.push(standIn.refund({ transaction_id: sale.id }).id);
    }
    const found = await collect(gateway.transaction.search((search) => search.type().is("credit")));
    expect(found.map((t) => t.id).sort()).toEqual(credits.sort());
    expect(found.every((t) => t.amount === "2.50")).toBe(true);
    const pages = standIn.requests.filter((r) => r.publicKey === publicKey && r.path.endsWith("/advanced_search"));
    expect(pages.map((r) => ((r.body as { search: { ids: string[] } }).search.ids).length)).toEqual([50, 3]);
  });

  it("keeps zero-decimal amounts in the currency's own unit", async () => {
    const { merchantId, gateway } = merchant("jpy", "JPY");
    const sale = standIn.addSale({ merchant_id: merchantId, amount: "1500" });
    standIn.refund({ transaction_id: sale.id, amount: "500" });
    const [credit] = await collect(gateway.transaction.search((search) => search.type().is("credit")));
    expect(credit).toMatchObject({ amount: "500", currencyIsoCode: "JPY", refundedTransactionId: sale.id });
  });

  it("refuses wrong keys (AuthenticationError), another merchant's path and unmodelled fields (AuthorizationError)", async () => {
    const mine = merchant("auth");
    merchant("other");
    const wrongKey = sdk({ merchantId: mine.merchantId, publicKey: mine.publicKey, privateKey: "not-the-private-key" });
    await expect(collect(wrongKey.transaction.search((search) => search.type().is("credit")))).rejects.toMatchObject({ type: "authenticationError" });
    const otherPath = sdk({ merchantId: "m_other", publicKey: mine.publicKey, privateKey: mine.privateKey });
    await expect(collect(otherPath.transaction.search((search) => search.type().is("credit")))).rejects.toMatchObject({ type: "authorizationError" });
    await expect(collect(mine.gateway.transaction.search((search) => search.customerEmail().is("a@b.test")))).rejects.toMatchObject({ type: "authorizationError" });
    expect(standIn.requests.filter((r) => r.publicKey === mine.publicKey).map((r) => r.status)).toEqual([401, 403, 403]);
  });

  it("answers the XML request bodies other SDKs send", async () => {
    const { merchantId, publicKey, privateKey } = merchant("xml");
    const sale = standIn.addSale({ merchant_id: merchantId, amount: "8.00" });
    const credit = standIn.refund({ transaction_id: sale.id, amount: "3.00" });
    const res = await fetch(`${standIn.url}/merchants/${merchantId}/transactions/advanced_search_ids`, {
      method: "POST",
      headers: { authorization: `Basic ${btoa(`${publicKey}:${privateKey}`)}`, "x-apiversion": "6", accept: "application/xml", "content-type": "application/xml" },
      body: `<search><type type="array"><item>credit</item></type><created-at><min type="datetime">${minutesAgo(5).toISOString()}</min></created-at></search>`,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/xml/);
    const xml = await res.text();
    expect(xml).toContain(`<page-size type="integer">50</page-size>`);
    expect(xml).toContain(`<item>${credit.id}</item>`);
    expect(xml).not.toContain(sale.id);
  });
});

describe("Braintree stand-in: control API", () => {
  const control = (action: string, body: object) => fetch(`${standIn.url}/_stand-in/control/${action}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

  it("adds a merchant, a sale and its refunds over HTTP, with Braintree's refund rules", async () => {
    expect((await control("merchants", { merchant_id: "m_http", public_key: "pub_http", private_key: "priv_http" })).status).toBe(200);
    const sale = (await (await control("sales", { merchant_id: "m_http", amount: "20.00", currency_iso_code: "EUR" })).json()) as { id: string; amount: string; currency_iso_code: string };
    expect(sale).toMatchObject({ amount: "20.00", currency_iso_code: "EUR" });
    const refund = await control("refunds", { transaction_id: sale.id, amount: "15.00" });
    expect(await refund.json()).toMatchObject({ type: "credit", amount: "15.00", refunded_transaction_id: sale.id });
    const tooMuch = await control("refunds", { transaction_id: sale.id, amount: "5.01" });
    expect(tooMuch.status).toBe(422);
    expect(await tooMuch.json()).toMatchObject({ error: { code: "91521", message: "Refund amount is too large." } });
    // The remainder is refundable, then nothing is.
    expect((await control("refunds", { transaction_id: sale.id })).status).toBe(200);
    expect(await (await control("refunds", { transaction_id: sale.id })).json()).toMatchObject({ error: { code: "91512" } });

    const unsettled = (await (await control("sales", { merchant_id: "m_http", amount: "9.00", status: "authorized" })).json()) as { id: string };
    expect(await (await control("refunds", { transaction_id: unsettled.id })).json()).toMatchObject({ error: { code: "91506" } });

    const requests = await (await fetch(`${standIn.url}/_stand-in/control/requests`)).json();
    expect(Array.isArray(requests)).toBe(true);
  });
});
