import { randomBytes } from "node:crypto";
import { isoCurrency } from "../../../../src/currencies";
import { decimalToMinor, minorToDecimal } from "../../../../src/money";
import type { Params, XmlValue } from "./xml";

/**
 * Merchants (API key pairs) and their transactions, with the two rules refunds obey at
 * Braintree: only a settled (or settling) sale can be refunded, and never for more than
 * what is left of it.
 */

export interface Merchant {
  merchantId: string;
  publicKey: string;
  privateKey: string;
  /** The default merchant account (its currency is the sales' default). */
  merchantAccountId: string;
  currency: string;
}

export interface BraintreeTransaction {
  id: string;
  merchantId: string;
  type: "sale" | "credit";
  status: string;
  /** Braintree's decimal string in the currency's unit ("10.00", JPY "1000"). */
  amount: string;
  currency: string;
  merchantAccountId: string;
  orderId: string | null;
  customerId: string | null;
  /** On a credit: the sale it refunds. */
  refundedTransactionId: string | null;
  /** On a sale: its refunds, oldest first. */
  refundIds: string[];
  createdAt: Date;
  updatedAt: Date;
}

/** A refusal the gateway answers with `<api-error-response>` (422): its validation error code and message. */
export class BraintreeValidationError extends Error {
  constructor(
    readonly code: string,
    readonly attribute: string,
    message: string,
  ) {
    super(message);
  }
}

/** A Braintree-looking id: 8 lowercase letters and digits. */
function transactionId(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  return [...randomBytes(8)].map((b) => alphabet[b % alphabet.length]).join("");
}

const SALE_STATUSES = ["authorized", "submitted_for_settlement", "settling", "settled", "voided", "processor_declined"];
const REFUNDABLE = ["settling", "settled"];

const text = (value: unknown, field: string): string => {
  if (typeof value !== "string" || value.trim() === "") throw new BraintreeValidationError("81502", field, `${field} is required.`);
  return value;
};

const optionalDate = (value: unknown, field: string): Date => {
  if (value === undefined) return new Date();
  const at = new Date(String(value));
  if (Number.isNaN(at.getTime())) throw new BraintreeValidationError("81503", field, `${field} is not a date.`);
  return at;
};

export class Ledger {
  private readonly merchants = new Map<string, Merchant>();
  private readonly transactions = new Map<string, BraintreeTransaction>();

  addMerchant(input: Params): Merchant {
    const merchantId = text(input.merchant_id, "merchant_id");
    const currency = isoCurrency(input.currency_iso_code ?? "USD");
    if (!currency) throw new BraintreeValidationError("81509", "currency_iso_code", "Currency ISO code is invalid.");
    const merchant: Merchant = {
      merchantId,
      publicKey: text(input.public_key, "public_key"),
      privateKey: text(input.private_key, "private_key"),
      merchantAccountId: typeof input.merchant_account_id === "string" ? input.merchant_account_id : `${merchantId}_${currency.toLowerCase()}`,
      currency,
    };
    this.merchants.set(merchantId, merchant);
    return merchant;
  }

  /** The merchant whose key pair this is, or undefined. */
  merchantByKey(publicKey: string, privateKey: string): Merchant | undefined {
    return [...this.merchants.values()].find((m) => m.publicKey === publicKey && m.privateKey === privateKey);
  }

  merchant(merchantId: string): Merchant {
    const found = this.merchants.get(merchantId);
    if (!found) throw new BraintreeValidationError("91609", "merchant_id", `Merchant ${merchantId} is not known to the stand-in: add it first.`);
    return found;
  }

  /** A sale as the control API records it; `settled` unless another status is asked for. */
  addSale(input: Params): BraintreeTransaction {
    const merchant = this.merchant(text(input.merchant_id, "merchant_id"));
    const currency = input.currency_iso_code === undefined ? merchant.currency : isoCurrency(input.currency_iso_code);
    if (!currency) throw new BraintreeValidationError("81509", "currency_iso_code", "Currency ISO code is invalid.");
    const amount = text(input.amount, "amount");
    const minor = decimalToMinor(amount, currency);
    if (minor === null || minor === 0) throw new BraintreeValidationError("81503", "amount", "Amount is an invalid format.");
    const status = input.status === undefined ? "settled" : String(input.status);
    if (!SALE_STATUSES.includes(status)) throw new BraintreeValidationError("81503", "status", `status must be one of ${SALE_STATUSES.join(", ")}.`);
    const createdAt = optionalDate(input.created_at, "created_at");
    const sale: BraintreeTransaction = {
      id: transactionId(),
      merchantId: merchant.merchantId,
      type: "sale",
      status,
      amount: minorToDecimal(minor, currency),
      currency,
      merchantAccountId: merchant.merchantAccountId,
      orderId: typeof input.order_id === "string" ? input.order_id : null,
      customerId: typeof input.customer_id === "string" ? input.customer_id : null,
      refundedTransactionId: null,
      refundIds: [],
      createdAt,
      updatedAt: createdAt,
    };
    this.transactions.set(sale.id, sale);
    return sale;
  }

  /** `transaction.refund(id, amount?)`: a credit for the whole remainder or `amount` of it. */
  refund(input: Params): BraintreeTransaction {
    const sale = this.transactions.get(text(input.transaction_id, "transaction_id"));
    if (!sale) throw new BraintreeValidationError("91501", "transaction_id", "Transaction not found.");
    if (sale.type !== "sale") throw new BraintreeValidationError("91505", "base", "Cannot refund credit.");
    if (!REFUNDABLE.includes(sale.status)) throw new BraintreeValidationError("91506", "base", "Cannot refund a transaction unless it is settled.");
    const refunded = sale.refundIds.reduce((sum, id) => sum + this.minor(this.transactions.get(id)!), 0);
    const left = this.minor(sale) - refunded;
    if (left === 0) throw new BraintreeValidationError("91512", "base", "Transaction has already been completely refunded.");
    const minor = input.amount === undefined ? left : decimalToMinor(String(input.amount), sale.currency);
    if (minor === null || minor === 0) throw new BraintreeValidationError("81503", "amount", "Amount is an invalid format.");
    if (minor > left) throw new BraintreeValidationError("91521", "amount", "Refund amount is too large.");
    const createdAt = optionalDate(input.created_at, "created_at");
    const credit: BraintreeTransaction = {
      ...sale,
      id: transactionId(),
      type: "credit",
      status: "submitted_for_settlement",
      amount: minorToDecimal(minor, sale.currency),
      orderId: sale.orderId,
      refundedTransactionId: sale.id,
      refundIds: [],
      createdAt,
      updatedAt: createdAt,
    };
    this.transactions.set(credit.id, credit);
    sale.refundIds.push(credit.id);
    sale.updatedAt = createdAt;
    return credit;
  }

  private minor(t: BraintreeTransaction): number {
    return decimalToMinor(t.amount, t.currency) ?? 0;
  }

  /** The merchant's transactions matching `criteria`, oldest first (Braintree promises no order). */
  search(merchantId: string, criteria: Params): BraintreeTransaction[] {
    const tests = Object.entries(criteria).map(([field, value]) => criterion(field, value));
    return [...this.transactions.values()].filter((t) => t.merchantId === merchantId && tests.every((test) => test(t))).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  }
}

/** A search field the stand-in does not model: the gateway refuses parameters it does not allow with 403. */
export class UnmodelledSearchField extends Error {}

type Test = (t: BraintreeTransaction) => boolean;

/** The criteria the SDKs send for the fields modelled here: multiple values (`["credit"]`), text (`{ is }`) and ranges (`{ min, max, is }`). */
function criterion(field: string, value: unknown): Test {
  const values = (v: unknown) => (Array.isArray(v) ? v.map(String) : [String(v)]);
  switch (field) {
    case "ids":
      return (t) => values(value).includes(t.id);
    case "type":
      return (t) => values(value).includes(t.type);
    case "status":
      return (t) => values(value).includes(t.status);
    case "id": {
      const { is, ...others } = (value ?? {}) as { is?: unknown };
      if (is === undefined || Object.keys(others).length > 0) throw new UnmodelledSearchField("the stand-in models only id is");
      return (t) => t.id === String(is);
    }
    case "created_at": {
      const { min, max, is } = (value ?? {}) as { min?: unknown; max?: unknown; is?: unknown };
      const at = (v: unknown) => {
        const parsed = new Date(String(v)).getTime();
        if (Number.isNaN(parsed)) throw new UnmodelledSearchField(`created_at ${String(v)} is not a date`);
        return parsed;
      };
      return (t) => {
        const time = t.createdAt.getTime();
        return (min === undefined || time >= at(min)) && (max === undefined || time <= at(max)) && (is === undefined || time === at(is));
      };
    }
    default:
      throw new UnmodelledSearchField(`the stand-in does not model the search field ${field}`);
  }
}

/** The `<transaction>` element as the gateway renders it (the fields a refund search reads, and the ones SDKs parse). */
export function transactionXml(t: BraintreeTransaction): XmlValue {
  return {
    id: t.id,
    status: t.status,
    type: t.type,
    "currency-iso-code": t.currency,
    amount: t.amount,
    "merchant-account-id": t.merchantAccountId,
    "order-id": t.orderId,
    "created-at": t.createdAt,
    "updated-at": t.updatedAt,
    customer: { id: t.customerId, "first-name": null, "last-name": null, email: null },
    "refund-id": t.refundIds.at(-1) ?? null,
    "refund-ids": t.refundIds,
    "refunded-transaction-id": t.refundedTransactionId,
    "payment-instrument-type": "credit_card",
    "credit-card": { bin: "411111", "last-4": "1111", "card-type": "Visa", "expiration-month": "12", "expiration-year": "2030", "customer-location": "US" },
    "custom-fields": {},
    "plan-id": null,
    "subscription-id": null,
    recurring: false,
    "processor-response-code": "1000",
    "processor-response-text": "Approved",
    "status-history": [{ timestamp: t.createdAt, status: t.status, amount: t.amount, user: null, "transaction-source": "api" }],
    "disbursement-details": { "disbursement-date": null, "settlement-amount": null, "settlement-currency-iso-code": null, "funds-held": null },
  };
}
