/** A charge the next matching PaymentIntent confirmation declines (`card_declined`, 402). */
export interface ChargeFailure {
  /** The issuer's reason, Stripe's `decline_code` (default `generic_decline`). */
  declineCode?: string;
  /** Only a PaymentIntent for this customer fails. */
  customer?: string;
}

/** A transfer the next matching `POST /v1/transfers` refuses (400). */
export interface TransferFailure {
  /** Stripe's error code (default `balance_insufficient`). */
  code?: string;
  message?: string;
  /** Only a transfer to this connected account fails. */
  destination?: string;
}

/** A refund the next matching `POST /v1/refunds` refuses (400). */
export interface RefundFailure {
  /** Stripe's error code (default `charge_disputed`). */
  code?: string;
  message?: string;
  /** Only a refund of this charge fails. */
  charge?: string;
  /** Only a refund of a charge of this customer fails. */
  customer?: string;
}

/** A reversal the next matching `POST /v1/transfers/:id/reversals` refuses (400). */
export interface ReversalFailure {
  /** Stripe's error code (default `balance_insufficient`, the connected account's balance). */
  code?: string;
  message?: string;
  /** Only a reversal of this transfer fails. */
  transfer?: string;
}

/**
 * Not a failure but a one-shot twist of the same kind: the next matching paid charge settles in
 * another currency (as a charge in a currency the platform does not settle in does at Stripe),
 * its balance transaction's amount and fee converted at `rate` (`exchange_rate`).
 */
export interface ConversionNext {
  /** The settlement currency, lower-case (default `usd`). */
  currency?: string;
  /** Default 1. */
  rate?: number;
  /** Only a charge of this customer settles so. */
  customer?: string;
}

export interface FailureKinds {
  charge: ChargeFailure;
  transfer: TransferFailure;
  refund: RefundFailure;
  reversal: ReversalFailure;
  conversion: ConversionNext;
}

/** Failures a test asked for, each used once by the first request it matches. */
export class FailureQueue {
  private readonly queued: { [K in keyof FailureKinds]: FailureKinds[K][] } = { charge: [], transfer: [], refund: [], reversal: [], conversion: [] };

  add<K extends keyof FailureKinds>(kind: K, failure: FailureKinds[K]): void {
    this.queued[kind].push(failure);
  }

  take<K extends keyof FailureKinds>(kind: K, applies: (failure: FailureKinds[K]) => boolean): FailureKinds[K] | undefined {
    const list = this.queued[kind] as FailureKinds[K][];
    const at = list.findIndex(applies);
    return at < 0 ? undefined : list.splice(at, 1)[0];
  }
}
