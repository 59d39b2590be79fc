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

export interface FailureKinds {
  charge: ChargeFailure;
  transfer: TransferFailure;
}

/** Failures a test asked for, each used once by the first request it matches. */
export class FailureQueue {
  private readonly queued: { [K in keyof FailureKinds]: FailureKinds[K][] } = { charge: [], transfer: [] };

  add<K extends keyof FailureKinds>(kind: K, failure: FailureKinds[K]): void {
    this.queued[kind].push(failure);
  }

  take<K extends keyof FailureKinds>(kind: K, applies: (failure: FailureKinds[K]) => boolean): FailureKinds[K] | undefined {
    const list = this.queued[kind] as FailureKinds[K][];
    const at = list.findIndex(applies);
    return at < 0 ? undefined : list.splice(at, 1)[0];
  }
}
