import type { EnrollmentStatus } from "../db/schema";
import type { EventType } from "../webhooks/catalog";

/**
 * The enrollment lifecycle: an application is approved or rejected once; a working
 * enrollment can be paused, resumed and ended; rejected and ended are final. Each allowed
 * move names the webhook event it emits.
 */
const MOVES: Record<EnrollmentStatus, Partial<Record<EnrollmentStatus, EventType>>> = {
  pending: { approved: "application.approved", rejected: "application.rejected" },
  approved: { paused: "enrollment.paused", ended: "enrollment.ended" },
  paused: { approved: "enrollment.resumed", ended: "enrollment.ended" },
  rejected: {},
  ended: {},
};

/** The event a move emits, or null when the move is not allowed. */
export function transitionEvent(from: EnrollmentStatus, to: EnrollmentStatus): EventType | null {
  return MOVES[from][to] ?? null;
}

export function allowedMoves(from: EnrollmentStatus): EnrollmentStatus[] {
  return Object.keys(MOVES[from]) as EnrollmentStatus[];
}
