import { useState } from "preact/hooks";
import { api, type Campaign, type CommissionOverride, type GatewayProduct, type Page } from "../../api";
import { bpsToPercent, majorToMinor, minorToDecimal, percentToBps } from "../../money";
import { ErrorNotice, Field, Loaded, Submit, useLoad, useSubmit } from "../../ui";
import { useBrand } from "./BrandShell";

/** The picker's choices: each price (plan) and each product seen on sales, once, most recent first. */
function choicesOf(seen: GatewayProduct[]): { id: string; label: string }[] {
  const choices = new Map<string, string>();
  for (const p of seen) {
    const where = `${p.source}${p.livemode ? "" : ", test mode"}`;
    if (p.price_id && !choices.has(p.price_id)) choices.set(p.price_id, `plan of ${p.product_id ?? "an unnamed product"} (${where}, ${p.sales_count} sales)`);
    if (p.product_id && !choices.has(p.product_id)) choices.set(p.product_id, `product (${where})`);
  }
  return [...choices].map(([id, label]) => ({ id, label }));
}

function describe(o: CommissionOverride): string {
  return o.type === "percentage" ? `${bpsToPercent(o.rate_bps ?? 0)} %` : `${minorToDecimal(o.amount ?? 0, o.currency)} ${o.currency} per payment`;
}

/**
 * A campaign's rates per product or plan: they replace the campaign's rate (and its tiers)
 * for sales of that product or price. Ids are picked from those seen on the brand's sales
 * (GET /gateway-products) or typed.
 */
export function ProductRates({ campaign }: { campaign: Campaign }) {
  const { brand, can } = useBrand();
  const base = `/api/brands/${brand.id}/campaigns/${campaign.id}/commission-overrides`;
  const overrides = useLoad(() => api<{ data: CommissionOverride[] }>(base), [base]);
  const seen = useLoad(() => api<Page<GatewayProduct>>(`/api/brands/${brand.id}/gateway-products`), [brand.id]);
  const [productId, setProductId] = useState("");
  const [type, setType] = useState<CommissionOverride["type"]>("percentage");
  const [percent, setPercent] = useState("");
  const [amount, setAmount] = useState("");
  const currency = campaign.commission.currency;
  const editable = can("campaigns.manage") && brand.status === "active";
  const save = useSubmit(async () => {
    const json = type === "percentage" ? { type, rate_bps: percentToBps(percent, "rate_bps") } : { type, amount: majorToMinor(amount, currency, "amount") };
    await api(`${base}/${encodeURIComponent(productId.trim())}`, { method: "PUT", json });
    setProductId("");
    setPercent("");
    setAmount("");
    overrides.reload();
  }, ["product_id", "rate_bps", "amount"]);
  const remove = useSubmit(async (id: string) => {
    await api(`${base}/${encodeURIComponent(id)}`, { method: "DELETE" });
    overrides.reload();
  });
  const choices = seen.state.kind === "ready" ? choicesOf(seen.state.data.data) : [];
  return (
    <section class="card narrow" data-testid="product-rates">
      <h3>Rates per product or plan</h3>
      <p class="muted small">A sale of one of these products or plans (prices) earns this rate instead of the campaign's and its tiers; a plan's rate wins over its product's.</p>
      {remove.generalError && <ErrorNotice error={remove.generalError} />}
      <Loaded state={overrides.state} reload={overrides.reload}>
        {({ data }) =>
          data.length === 0 ? (
            <p class="muted">No product has its own rate.</p>
          ) : (
            <table class="grid">
              <tbody>
                {data.map((o) => (
                  <tr key={o.product_id}>
                    <td>
                      <code>{o.product_id}</code>
                    </td>
                    <td>{describe(o)}</td>
                    {editable && (
                      <td class="actions">
                        <button type="button" class="secondary small-button" disabled={remove.busy} onClick={() => remove.submit(o.product_id)}>
                          Remove
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Loaded>
      {editable && (
        <form
          class="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            save.submit();
          }}
        >
          {save.generalError && <ErrorNotice error={save.generalError} />}
          <Field
            label="Product or plan id"
            name="override_product_id"
            required
            value={productId}
            onValue={setProductId}
            error={save.fieldError("product_id")}
            list="gateway-products"
            hint={choices.length > 0 ? "Pick one seen on your sales, or type an id." : "No product ids on your sales yet: type the id your sales will carry."}
          />
          <datalist id="gateway-products">
            {choices.map((c) => (
              <option key={c.id} value={c.id} label={c.label} />
            ))}
          </datalist>
          <label class="field" for="f-override_type">
            <span>Pays</span>
            <select id="f-override_type" value={type} onChange={(e) => setType(e.currentTarget.value as CommissionOverride["type"])}>
              <option value="percentage">A percentage</option>
              <option value="flat">A flat amount</option>
            </select>
          </label>
          {type === "percentage" ? (
            <Field label="Rate (%)" name="override_percent" required value={percent} onValue={setPercent} error={save.fieldError("rate_bps")} />
          ) : (
            <Field label={`Amount (${currency})`} name="override_amount" required value={amount} onValue={setAmount} error={save.fieldError("amount")} />
          )}
          <Submit busy={save.busy}>Set rate</Submit>
        </form>
      )}
    </section>
  );
}
