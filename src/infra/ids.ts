import { BASE32_ALPHABET, toBase32 } from "./encoding";

/**
 * Prefixed, time-sortable ids: `cmp_01jd8x…`. The prefix says what an id is in logs and
 * support tickets; the ULID-style body (48-bit millisecond time + 80 random bits, Crockford
 * base32, lowercase) sorts by creation time, which keyset pagination relies on.
 */
export const ID_PREFIXES = {
  brand: "brd",
  user: "usr",
  member: "mem",
  affiliate: "aff",
  campaign: "cmp",
  enrollment: "enr",
  link: "lnk",
  apiKey: "key",
  session: "ses",
  authToken: "tok",
  invitation: "inv",
  email: "eml",
  auditEvent: "aud",
  request: "req",
  webhookEndpoint: "whe",
  webhookEvent: "evt",
  webhookDelivery: "whd",
  webhookAttempt: "wha",
  taxForm: "txf",
  joinLink: "jln",
  creatorInvitation: "cin",
  s2sKey: "ssk",
  trackingEvent: "tev",
  customer: "cus",
  conversion: "cnv",
  commission: "com",
  deadLetter: "dlt",
  gatewayConnection: "gwc",
  payoutRun: "prun",
  payout: "po",
  helpConversation: "hlp",
  helpMessage: "hlm",
  helpAttachment: "hla",
  statusProbe: "stp",
  statusIncident: "inc",
  statusIncidentUpdate: "incu",
  statusSubscriber: "sub",
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

/** The time as a 10-digit base32 number (48 bits right-aligned in 50, as ULIDs do), not as bytes. */
function encodeTime(ms: number): string {
  let out = "";
  for (let i = 0; i < 10; i++) {
    out = BASE32_ALPHABET[ms % 32] + out;
    ms = Math.floor(ms / 32);
  }
  return out;
}

/** 80 random bits, 16 characters. */
function encodeRandom(): string {
  return toBase32(crypto.getRandomValues(new Uint8Array(10)));
}

/** A new id for `kind`, e.g. `newId("campaign")` → `cmp_01jd8x5k…`. */
export function newId(kind: IdKind): string {
  return `${ID_PREFIXES[kind]}_${encodeTime(Date.now())}${encodeRandom()}`;
}

/**
 * `n` new ids for `kind` that sort in the order given, for rows inserted together: ids made
 * within one millisecond sort at random, and lists page newest first by id.
 */
export function newIds(kind: IdKind, n: number): string[] {
  return Array.from({ length: n }, () => newId(kind)).sort();
}

const ID_BODY = /^[0-9a-hjkmnp-tv-z]{26}$/;

/** True when `value` is a well-formed id of `kind`; malformed ids never reach the database. */
export function isId(kind: IdKind, value: string): boolean {
  const prefix = `${ID_PREFIXES[kind]}_`;
  return value.startsWith(prefix) && ID_BODY.test(value.slice(prefix.length));
}
