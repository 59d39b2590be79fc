import { describe, expect, it } from "vitest";
import { MicroBatch } from "../../../src/queues/micro-batch";

const options = { maxWaitMs: 5, maxBytes: 1_000, maxItems: 50, attempts: 3 };

describe("micro-batching queue sends", () => {
  it("packs items that arrive together into one message and resolves each add when it is sent", async () => {
    const sent: number[][] = [];
    const batch = new MicroBatch<number>(async (items) => {
      sent.push(items);
    }, options);
    await Promise.all(Array.from({ length: 30 }, (_, i) => batch.add(i)));
    expect(sent).toEqual([Array.from({ length: 30 }, (_, i) => i)]);
  });

  it("starts a new message before one would exceed its byte or item budget", async () => {
    const sent: string[][] = [];
    const batch = new MicroBatch<string>(async (items) => {
      sent.push(items);
    }, { ...options, maxBytes: 250, maxItems: 3 });
    const big = "x".repeat(100); // 103 bytes serialized
    await Promise.all([batch.add(big), batch.add(big), batch.add(big), batch.add("a"), batch.add("b"), batch.add("c"), batch.add("d")]);
    expect(sent.map((m) => m.length)).toEqual([2, 3, 2]);
    for (const message of sent) expect(JSON.stringify(message).length).toBeLessThanOrEqual(250 + 2);
  });

  it("retries a failed send, and rejects every add of the message when all attempts fail", async () => {
    let calls = 0;
    const flaky = new MicroBatch<number>(async () => {
      if (++calls < 3) throw new Error("busy");
    }, options);
    await expect(Promise.all([flaky.add(1), flaky.add(2)])).resolves.toBeDefined();
    expect(calls).toBe(3);

    const down = new MicroBatch<number>(async () => {
      throw new Error("queue down");
    }, options);
    const results = await Promise.allSettled([down.add(1), down.add(2)]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
  });
});
