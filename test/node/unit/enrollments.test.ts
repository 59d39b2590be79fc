import { describe, expect, it } from "vitest";
import { allowedMoves, transitionEvent } from "../../../src/enrollments/transitions";

describe("enrollment transitions", () => {
  it("name the event each allowed move emits", () => {
    expect(transitionEvent("pending", "approved")).toBe("application.approved");
    expect(transitionEvent("pending", "rejected")).toBe("application.rejected");
    expect(transitionEvent("paused", "approved")).toBe("enrollment.resumed");
    expect(transitionEvent("approved", "ended")).toBe("enrollment.ended");
  });
  it("refuse moves out of final states and skipping review", () => {
    expect(transitionEvent("rejected", "approved")).toBeNull();
    expect(transitionEvent("ended", "approved")).toBeNull();
    expect(transitionEvent("pending", "paused")).toBeNull();
    expect(allowedMoves("ended")).toEqual([]);
  });
});
