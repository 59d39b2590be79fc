/** Stripe as far as money goes: what a charge holds, what was transferred from it and refunded. */
export class SimulatedStripe {
  readonly charges = new Map<string, { amount: number; fee: number; refunded: number }>();
  readonly transfers = new Map<string, { amount: number; source: string; destination: number; reversed: boolean }>();
  chargeFailures = 0;
  transferFailures: number[] = [];
  private n = 0;

  /** Stripe's card price on the charge: 2.9 % to the nearest cent (half up), + 30. */
  static fee = (amount: number) => Math.round((amount * 29) / 1_000) + 30;

  charge(amount: number): { ok: true; id: string; fee: number } | { ok: false } {
    if (this.chargeFailures > 0) {
      this.chargeFailures--;
      return { ok: false };
    }
    const id = `ch_${++this.n}`;
    this.charges.set(id, { amount, fee: SimulatedStripe.fee(amount), refunded: 0 });
    return { ok: true, id, fee: SimulatedStripe.fee(amount) };
  }

  transfer(amount: number, source: string, destination: number): string | null {
    const charge = this.charges.get(source)!;
    const taken = [...this.transfers.values()].filter((t) => t.source === source).reduce((s, t) => s + t.amount, 0);
    if (amount > charge.amount - charge.refunded - taken) return null;
    const failure = this.transferFailures.indexOf(destination);
    if (failure >= 0) {
      this.transferFailures.splice(failure, 1);
      return null;
    }
    const id = `tr_${++this.n}`;
    this.transfers.set(id, { amount, source, destination, reversed: false });
    return id;
  }

  refund(charge: string, amount: number): void {
    const c = this.charges.get(charge)!;
    if (amount <= 0) return;
    if (amount > c.amount - c.refunded) throw new Error(`refund ${amount} exceeds what is left of ${charge}`);
    c.refunded += amount;
  }

  reverse(transfer: string): void {
    const t = this.transfers.get(transfer)!;
    if (t.reversed) throw new Error(`${transfer} already reversed`);
    t.reversed = true;
  }
}
