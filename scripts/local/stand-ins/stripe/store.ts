import type Stripe from "stripe";

/** Any Stripe object the stand-in keeps: it has an id and says what it is. */
export interface StoredObject {
  id: string;
  object: string;
  created?: number;
}

/** Whose object it is: `null` for the platform, else the connected account (`Stripe-Account`). */
export type Owner = string | null;

interface Entry {
  owner: Owner;
  value: StoredObject;
  seq: number;
}

interface Funds {
  available: number;
  pending: number;
}

/**
 * Everything one stand-in instance knows, in memory: objects by id (each owned by the platform or
 * a connected account, the way `Stripe-Account` scopes them) and each owner's balance per currency.
 */
export class StripeStore {
  private readonly objects = new Map<string, Entry>();
  private readonly balances = new Map<Owner, Map<string, Funds>>();
  private seq = 0;

  put<T extends StoredObject>(owner: Owner, value: T): T {
    const existing = this.objects.get(value.id);
    this.objects.set(value.id, { owner, value, seq: existing?.seq ?? ++this.seq });
    return value;
  }

  /** The object with this id and type, if it exists and `owner` may see it. */
  find<T extends StoredObject>(id: string, object: T["object"], owner: Owner): T | undefined {
    const entry = this.objects.get(id);
    return entry && entry.owner === owner && entry.value.object === object ? (entry.value as T) : undefined;
  }

  /** Any object `owner` may see, whatever its type (what `expand[]` follows). */
  findAny(id: string, owner: Owner): StoredObject | undefined {
    const entry = this.objects.get(id);
    return entry && entry.owner === owner ? entry.value : undefined;
  }

  /** Objects of one type visible to `owner`, newest first (Stripe's list order). */
  all<T extends StoredObject>(object: T["object"], owner: Owner, keep: (value: T) => boolean = () => true): T[] {
    return [...this.objects.values()]
      .filter((entry) => entry.owner === owner && entry.value.object === object && keep(entry.value as T))
      .sort((a, b) => b.seq - a.seq)
      .map((entry) => entry.value as T);
  }

  remove(id: string): void {
    this.objects.delete(id);
  }

  /** Moves `amount` (negative to debit) into an owner's available balance. */
  adjustAvailable(owner: Owner, currency: string, amount: number): void {
    const funds = this.funds(owner, currency);
    funds.available += amount;
  }

  available(owner: Owner, currency: string): number {
    return this.funds(owner, currency).available;
  }

  balance(owner: Owner, defaultCurrency: string): Stripe.Balance {
    const byCurrency = this.balances.get(owner) ?? new Map([[defaultCurrency, { available: 0, pending: 0 }]]);
    const rows = [...byCurrency.entries()];
    return {
      object: "balance",
      available: rows.map(([currency, funds]) => ({ amount: funds.available, currency, source_types: { card: funds.available } })),
      connect_reserved: rows.map(([currency]) => ({ amount: 0, currency })),
      livemode: false,
      pending: rows.map(([currency, funds]) => ({ amount: funds.pending, currency, source_types: { card: funds.pending } })),
    };
  }

  private funds(owner: Owner, currency: string): Funds {
    let byCurrency = this.balances.get(owner);
    if (!byCurrency) this.balances.set(owner, (byCurrency = new Map()));
    let funds = byCurrency.get(currency);
    if (!funds) byCurrency.set(currency, (funds = { available: 0, pending: 0 }));
    return funds;
  }
}
