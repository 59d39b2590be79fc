import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../../../api";
import { navigate, useLocation } from "../../../router";
import { ErrorNotice, Notice, Submit, useSubmit } from "../../../ui";
import { methodLabel } from "./labels";
import type { PayoutPolicy } from "./types";

/**
 * The method runs are charged to. Adding one goes through Stripe Checkout (setup mode), which
 * returns here with `?setup=done&session=…`: the page asks the server to read that session
 * from Stripe and save its method, then drops the parameters from the address.
 */
export function PaymentMethod({ brandId, policy, editable, onSaved }: { brandId: string; policy: PayoutPolicy; editable: boolean; onSaved: (p: PayoutPolicy) => void }) {
  const { path, search } = useLocation();
  const returned = search.get("setup") === "done" ? search.get("session") : null;
  const [confirmed, setConfirmed] = useState(false);
  const confirming = useRef<string | null>(null);
  const confirm = useSubmit(async (sessionId: string) => {
    onSaved(await api<PayoutPolicy>(`/api/brands/${brandId}/payouts/payment-method/confirm`, { method: "POST", json: { session_id: sessionId } }));
    setConfirmed(true);
    navigate(path, { replace: true });
  });
  useEffect(() => {
    if (!returned || !editable || confirming.current === returned) return;
    confirming.current = returned;
    void confirm.submit(returned);
  }, [returned, editable]);
  const checkout = useSubmit(async () => {
    const { url } = await api<{ url: string }>(`/api/brands/${brandId}/payouts/payment-method/checkout`, { method: "POST" });
    location.assign(url);
  });
  const method = policy.payment_method;
  return (
    <section class="card narrow" aria-label="Payment method">
      <h2>Payment method</h2>
      {confirm.busy && <p class="muted">Saving the payment method…</p>}
      {confirmed && (
        <Notice kind="success">
          <p>Payment method saved.</p>
        </Notice>
      )}
      {confirm.generalError && <ErrorNotice error={confirm.generalError} />}
      {checkout.generalError && <ErrorNotice error={checkout.generalError} />}
      {method ? (
        <p data-testid="payment-method">
          <strong>{methodLabel(method)}</strong> <span class="muted small">is charged for each run: the transfers to creators plus Stripe's processing fee.</span>
        </p>
      ) : (
        <p class="muted">No payment method yet: runs can be previewed, but not paid.</p>
      )}
      {editable && (
        <Submit busy={checkout.busy} onClick={() => checkout.submit()}>
          {method ? "Replace the payment method" : "Add a payment method"}
        </Submit>
      )}
    </section>
  );
}
