import { describe, expect, it } from "vitest";
import { MicroBatch } from "../../../src/infra/queues/micro-batch";

const options = { maxWaitMs: 5, maxBytes: 1_000, maxItems: 50, attempts: 3 };

describe("micro-batching queue sends", () => {
  it("packs items that arrive together into one message, sent by the request that opened it", async () => {
    const sent: number[][] = [];
    const batch = new MicroBatch<number>(async (items) => {
      sent.push(items);
    }, options);
    const added = Array.from({ length: 30 }, (_, i) => batch.add(i, 10));
    expect(added.map((a) => a.opened)).toEqual([true, ...Array(29).fill(false)]);
    await Promise.all(added.map((a) => a.done));
    expect(sent).toEqual([Array.from({ length: 30 }, (_, i) => i)]);
  });

  it("closes a message to newcomers before it would exceed its byte or item budget", async () => {
    const sent: string[][] = [];
    const batch = new MicroBatch<string>(async (items) => {
      sent.push(items);
    }, { ...options, maxBytes: 250, maxItems: 3 });
    const added = [batch.add("a", 100), batch.add("b", 100), batch.add("c", 100), batch.add("d", 10), batch.add("e", 10), batch.add("f", 10), batch.add("g", 10)];
    expect(added.map((a) => a.opened)).toEqual([true, false, true, false, false, true, false]);
    await Promise.all(added.map((a) => a.done));
    expect(sent).toEqual([["a", "b"], ["c", "d", "e"], ["f", "g"]]);
  });

  it("retries a failed send, and rejects every add of the message when all attempts fail", async () => {
    let calls = 0;
    const flaky = new MicroBatch<number>(async () => {
      if (++calls < 3) throw new Error("busy");
    }, options);
    await expect(Promise.all([flaky.add(1, 1).done, flaky.add(2, 1).done])).resolves.toBeDefined();
    expect(calls).toBe(3);

    const down = new MicroBatch<number>(async () => {
      throw new Error("queue down");
    }, options);
    const results = await Promise.allSettled([down.add(1, 1).done, down.add(2, 1).done]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
  });
});
