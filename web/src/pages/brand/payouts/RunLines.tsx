import { formatMoney } from "../../../money";
import { PayoutLineStatus } from "./labels";
import type { Payout } from "./types";

/** A run's creator lines; `ids` adds Stripe's transfer details (history). */
export function RunLines({ items, ids = false }: { items: Payout[]; ids?: boolean }) {
  return (
    <table class="grid" data-testid="payout-lines">
      <thead>
        <tr>
          <th>Creator</th>
          <th>Amount</th>
          <th>Status</th>
          <th>Commissions</th>
          {ids && <th>Stripe</th>}
        </tr>
      </thead>
      <tbody>
        {items.map((p) => (
          <tr key={p.id}>
            <td>{p.creator_name}</td>
            <td>{formatMoney(p.amount, p.currency)}</td>
            <td>
              <PayoutLineStatus payout={p} />
            </td>
            <td>{p.commission_ids.length}</td>
            {ids && (
              <td class="small">
                {p.transfer_id && (
                  <div>
                    transfer <code>{p.transfer_id}</code>
                  </div>
                )}
                {p.source_transaction && (
                  <div>
                    from charge <code>{p.source_transaction}</code>
                  </div>
                )}
                <div>
                  group <code>{p.transfer_group}</code>
                </div>
                {p.failure_code && (
                  <div>
                    failure <code>{p.failure_code}</code>
                  </div>
                )}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
