import type { EnrollmentStatus } from "../infra/db/schema";
import type { EventType } from "../webhooks/catalog";

/**
 * The enrollment lifecycle as the brand moves it: an application is approved or rejected
 * once; an offer can be withdrawn while open; a working enrollment can be paused, resumed
 * and ended; rejected, declined, withdrawn and ended are final. Each allowed move names the
 * webhook event it emits. The creator's own moves (accepting or declining an offer) are
 * `CREATOR_MOVES`: no brand can make them (the database refuses a brand's approval
 * without the creator's consent).
 */
const MOVES: Record<EnrollmentStatus, Partial<Record<EnrollmentStatus, EventType>>> = {
  pending: { approved: "application.approved", rejected: "application.rejected" },
  invited: { withdrawn: "offer.withdrawn" },
  approved: { paused: "enrollment.paused", ended: "enrollment.ended" },
  paused: { approved: "enrollment.resumed", ended: "enrollment.ended" },
  rejected: {},
  declined: {},
  withdrawn: {},
  ended: {},
};

/** What a creator answers to an offer, and the event the brand receives. */
export const CREATOR_MOVES = { approved: "offer.accepted", declined: "offer.declined" } as const satisfies Partial<Record<EnrollmentStatus, EventType>>;
export type OfferAnswer = keyof typeof CREATOR_MOVES;

/** The event a brand's move emits, or null when the move is not allowed. */
export function transitionEvent(from: EnrollmentStatus, to: EnrollmentStatus): EventType | null {
  return MOVES[from][to] ?? null;
}

export function allowedMoves(from: EnrollmentStatus): EnrollmentStatus[] {
  return Object.keys(MOVES[from]) as EnrollmentStatus[];
}
