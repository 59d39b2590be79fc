import fc from "fast-check";

/**
 * The random sequences of the money proof (issue 12): what brands, customers, Stripe and
 * people do, as readable records. Ops name earlier sales by index (shrinking keeps them
 * meaningful: an index past the end wraps), and `script()` turns them into concrete steps
 * (event ids, invoices, amounts) that the reference model and every system under test replay
 * identically. Nothing here knows any money rule.
 */

export type Op =
  | { kind: "sale"; creator: number; amount: number; refundFirst?: number }
  | { kind: "renewal"; sale: number; amount: number }
  | { kind: "refund"; sale: number; permille: number }
  | { kind: "dispute"; sale: number; phase: "opened" | "won" | "lost"; permille: number }
  | { kind: "duplicate"; step: number }
  | { kind: "approveDue" }
  | { kind: "run" }
  | { kind: "failNextCharge" }
  | { kind: "failNextTransfer"; creator: number }
  | { kind: "reverse"; creator: number; latest: number }
  | { kind: "retry" };

/** One thing that happens, fully resolved. Event steps carry the sender's event id (`id`). */
export type Step =
  | { t: "sale"; id: string; invoice: string; customer: string; creator: number; amount: number }
  | { t: "refund"; id: string; invoice: string; amount: number }
  | { t: "dispute"; id: string; invoice: string; dispute: string; phase: "opened" | "won" | "lost"; amount: number }
  | { t: "replay"; id: string }
  | { t: "approveDue" }
  | { t: "run" }
  | { t: "retry" }
  | { t: "failNextCharge" }
  | { t: "failNextTransfer"; creator: number }
  /** Reverses the creator's `latest`-th most recent paid transfer (0: the latest), counted among its paid ones. */
  | { t: "reverse"; creator: number; latest: number };

export type EventStep = Extract<Step, { id: string; t: "sale" | "refund" | "dispute" }>;

/** The world a sequence runs in: creators 0..creators-1, one percentage campaign, one payout policy (card). */
export interface Scenario {
  creators: number;
  rateBps: number;
  /** Payout policy minimum per creator, minor units. */
  minimum: number;
  /** Creators without a connected account (their lines are skipped: no_payout_account). */
  accountless: number[];
  currency: "USD";
}

export const show = (s: Step): string => {
  switch (s.t) {
    case "sale":
      return `sale ${s.id} creator=${s.creator} customer=${s.customer} invoice=${s.invoice} amount=${s.amount}`;
    case "refund":
      return `refund ${s.id} invoice=${s.invoice} amount=${s.amount}`;
    case "dispute":
      return `dispute ${s.phase} ${s.id} ${s.dispute} invoice=${s.invoice} amount=${s.amount}`;
    case "replay":
      return `replay ${s.id}`;
    case "failNextTransfer":
      return `${s.t} creator=${s.creator}`;
    case "reverse":
      return `reverse creator=${s.creator} latest=${s.latest}`;
    default:
      return s.t;
  }
};

const opString = (op: Op): string => {
  const { kind, ...rest } = op;
  const args = Object.entries(rest).map(([k, v]) => `${k}=${v}`);
  return `${kind}(${args.join(", ")})`;
};

/** Gives an op a one-line form in fast-check's counterexample report. */
const readable = (op: Op): Op => Object.assign(op, { [fc.toStringMethod]: () => opString(op) });

export interface OpLimits {
  creators: number;
  maxOps: number;
}

export function opArb({ creators }: OpLimits): fc.Arbitrary<Op> {
  const creator = fc.integer({ min: 0, max: creators - 1 });
  const sale = fc.nat(15);
  // Round amounts too, so earnings land exactly on the policy minimums (scenarioArb).
  const amount = fc.oneof(fc.integer({ min: 50, max: 60_000 }), fc.constantFrom(500, 2_500, 5_000, 12_500, 25_000));
  return fc
    .oneof(
      { weight: 6, arbitrary: fc.record({ kind: fc.constant("sale" as const), creator, amount }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant("sale" as const), creator, amount, refundFirst: fc.integer({ min: 1, max: 1_000 }) }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant("renewal" as const), sale, amount }) },
      { weight: 3, arbitrary: fc.record({ kind: fc.constant("refund" as const), sale, permille: fc.oneof(fc.integer({ min: 1, max: 999 }), fc.constant(1_000)) }) },
      { weight: 2, arbitrary: fc.record({
          kind: fc.constant("dispute" as const),
          sale,
          phase: fc.constantFrom("opened" as const, "opened" as const, "won" as const, "lost" as const),
          permille: fc.oneof(fc.constant(1_000), fc.integer({ min: 1, max: 999 })),
        }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant("duplicate" as const), step: fc.nat(30) }) },
      { weight: 4, arbitrary: fc.constant({ kind: "approveDue" as const }) },
      { weight: 4, arbitrary: fc.constant({ kind: "run" as const }) },
      { weight: 1, arbitrary: fc.constant({ kind: "failNextCharge" as const }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant("failNextTransfer" as const), creator }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant("reverse" as const), creator, latest: fc.nat(2) }) },
      { weight: 1, arbitrary: fc.constant({ kind: "retry" as const }) },
    )
    .map((op) => readable(op as Op));
}

export function opsArb(limits: OpLimits): fc.Arbitrary<Op[]> {
  return fc.array(opArb(limits), { minLength: 1, maxLength: limits.maxOps, size: "max" });
}

export function scenarioArb(creators: number): fc.Arbitrary<Scenario> {
  return fc.record({
    creators: fc.constant(creators),
    rateBps: fc.oneof(fc.integer({ min: 1, max: 10_000 }), fc.constantFrom(1_000, 2_000, 10_000)),
    minimum: fc.constantFrom(0, 0, 500, 2_500),
    accountless: fc.subarray([...Array(creators).keys()], { maxLength: 1 }),
    currency: fc.constant("USD" as const),
  });
}

interface KnownSale {
  invoice: string;
  customer: string;
  creator: number;
  amount: number;
  refunded: number;
  dispute: "none" | "opened" | "won" | "lost";
  /** The amount its dispute is for (the disputed part of what was not refunded). */
  disputed: number;
}

/**
 * Resolves ops into steps. Keeps every step something a real sender could send: a refund never
 * exceeds what is left of its sale (the edge refuses more), one dispute per sale (opened, then
 * won or lost; no refund while it is open or after it is lost, as Stripe refuses those), a replay repeats an event already sent. `maxSalesPerCreator` keeps the fraud
 * check for refund abuse (5 sales, half refunded) out of the end-to-end runs, whose model has no
 * fraud checks. `prefix` makes ids unique across sequences sharing one brand.
 */
export function script(ops: readonly Op[], prefix: string, opts: { maxSalesPerCreator?: number } = {}): Step[] {
  const steps: Step[] = [];
  const sales: KnownSale[] = [];
  const events: string[] = [];
  const salesOf = new Map<number, number>();
  let n = 0;
  const id = (what: string) => `${prefix}_${what}${++n}`;
  const pick = (i: number) => (sales.length === 0 ? undefined : sales[i % sales.length]);
  const addSale = (creator: number, customer: string, amount: number, early?: (invoice: string) => Step): boolean => {
    const count = salesOf.get(creator) ?? 0;
    if (opts.maxSalesPerCreator !== undefined && count >= opts.maxSalesPerCreator) return false;
    salesOf.set(creator, count + 1);
    const invoice = id("in");
    const sale: KnownSale = { invoice, customer, creator, amount, refunded: 0, dispute: "none", disputed: 0 };
    const before = early?.(invoice);
    if (before?.t === "refund") sale.refunded = before.amount;
    if (before) steps.push(before), events.push((before as EventStep).id);
    const saleId = id("ev");
    steps.push({ t: "sale", id: saleId, invoice, customer, creator, amount });
    events.push(saleId);
    sales.push(sale);
    return true;
  };
  for (const op of ops) {
    switch (op.kind) {
      case "sale": {
        const refundFirst = op.refundFirst;
        const early = refundFirst === undefined ? undefined : (invoice: string): Step => ({ t: "refund", id: id("ev"), invoice, amount: Math.max(1, Math.round((op.amount * refundFirst) / 1_000)) });
        addSale(op.creator, id("cus"), op.amount, early);
        break;
      }
      case "renewal": {
        const of = pick(op.sale);
        if (of) addSale(of.creator, of.customer, op.amount);
        break;
      }
      case "refund": {
        const sale = pick(op.sale);
        if (!sale) break;
        // Stripe refuses to refund a charge under a dispute or charged back (`charge_disputed`).
        if (sale.dispute === "opened" || sale.dispute === "lost") break;
        const left = sale.amount - sale.refunded;
        const amount = Math.min(left, Math.max(1, Math.round((sale.amount * op.permille) / 1_000)));
        if (amount <= 0) break;
        sale.refunded += amount;
        const ev = id("ev");
        steps.push({ t: "refund", id: ev, invoice: sale.invoice, amount });
        events.push(ev);
        break;
      }
      case "dispute": {
        // Won and lost close one of the disputes still open (the index picks which).
        const open = op.phase === "opened";
        const candidates = open ? sales.filter((x) => x.dispute === "none") : sales.filter((x) => x.dispute === "opened");
        const sale = candidates[op.sale % Math.max(1, candidates.length)];
        if (!sale) break;
        const left = sale.amount - sale.refunded;
        const amount = open ? Math.max(1, Math.round((left * op.permille) / 1_000)) : sale.disputed;
        if (open && left <= 0) break;
        sale.dispute = op.phase;
        sale.disputed = amount;
        const ev = id("ev");
        steps.push({ t: "dispute", id: ev, invoice: sale.invoice, dispute: `dp_${sale.invoice}`, phase: op.phase, amount });
        events.push(ev);
        break;
      }
      case "duplicate":
        if (events.length > 0) steps.push({ t: "replay", id: events[op.step % events.length]! });
        break;
      case "failNextTransfer":
        steps.push({ t: op.kind, creator: op.creator });
        break;
      case "reverse":
        steps.push({ t: op.kind, creator: op.creator, latest: op.latest });
        break;
      default:
        steps.push({ t: op.kind });
    }
  }
  return steps;
}

/**
 * A sequence random search rarely reaches, kept as a fixed example for both proofs: a partial
 * dispute's reversal is paid with its earning; the dispute is won and its reinstatement paid by
 * a second run; the first transfer is reversed, then the sale fully refunded. The reinstatement
 * stays paid and the rest nets to 5.00 owed back.
 */
export const PAID_REINSTATEMENT_UNDER_REFUND: { scenario: Scenario; ops: Op[] } = {
  scenario: { creators: 1, rateBps: 2_000, minimum: 0, accountless: [], currency: "USD" },
  ops: [
    { kind: "sale", creator: 0, amount: 10_000 },
    { kind: "dispute", sale: 0, phase: "opened", permille: 250 },
    { kind: "approveDue" },
    { kind: "run" },
    { kind: "dispute", sale: 0, phase: "won", permille: 1_000 },
    { kind: "run" },
    { kind: "reverse", creator: 0, latest: 1 },
    { kind: "refund", sale: 0, permille: 1_000 },
  ],
};
