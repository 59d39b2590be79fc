import { afterEach, describe, expect, it, vi } from "vitest";
import { IsolateCache } from "../../../src/infra/edge/isolate-cache";

afterEach(() => {
  vi.useRealTimers();
});

describe("the edge's isolate cache", () => {
  it("runs each miss's own load, so a load that never settles holds up no other request", async () => {
    const cache = new IsolateCache<string>({ ttlMs: 30_000, maxEntries: 10, staleIfErrorMs: 0 });
    let loads = 0;
    // Request A's load never settles (in workerd: A was cancelled while its fetch ran).
    void cache.get("code", async () => {
      loads++;
      return new Promise<never>(() => {});
    });
    const mine = cache.get("code", async () => {
      loads++;
      return { value: "v1", fetchedAt: Date.now() };
    });
    expect(loads).toBe(2);
    expect(await mine).toBe("v1");
    // The settled value is shared: the next request loads nothing.
    expect(await cache.get("code", async () => ({ value: (loads++, "v2"), fetchedAt: Date.now() }))).toBe("v1");
    expect(loads).toBe(2);
  });

  it("serves a value until ttl after its database read, not after it reached this isolate", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const cache = new IsolateCache<string>({ ttlMs: 30_000, maxEntries: 10, staleIfErrorMs: 0 });
    const readAt = Date.now() - 20_000; // e.g. found in the Cache API, read from Postgres 20 s ago
    expect(await cache.get("k", async () => ({ value: "old", fetchedAt: readAt }))).toBe("old");
    vi.setSystemTime(readAt + 29_999);
    expect(await cache.get("k", async () => ({ value: "new", fetchedAt: Date.now() }))).toBe("old");
    vi.setSystemTime(readAt + 30_000);
    expect(await cache.get("k", async () => ({ value: "new", fetchedAt: Date.now() }))).toBe("new");
  });

  it("falls back to an expired value only while reloading fails, and only within staleIfErrorMs", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const cache = new IsolateCache<string>({ ttlMs: 1_000, maxEntries: 10, staleIfErrorMs: 60_000 });
    await cache.get("k", async () => ({ value: "v", fetchedAt: Date.now() }));
    const failing = async (): Promise<never> => {
      throw new Error("database down");
    };
    vi.setSystemTime(Date.now() + 5_000);
    expect(await cache.get("k", failing)).toBe("v");
    vi.setSystemTime(Date.now() + 60_000);
    await expect(cache.get("k", failing)).rejects.toThrow("database down");
    await expect(cache.get("never-loaded", failing)).rejects.toThrow("database down");
  });

  it("keeps at most maxEntries, dropping the least recently filled", async () => {
    const cache = new IsolateCache<number>({ ttlMs: 30_000, maxEntries: 2, staleIfErrorMs: 0 });
    let loads = 0;
    const load = (v: number) => async () => ({ value: (loads++, v), fetchedAt: Date.now() });
    await cache.get("a", load(1));
    await cache.get("b", load(2));
    await cache.get("c", load(3));
    expect(loads).toBe(3);
    await cache.get("b", load(20));
    await cache.get("c", load(30));
    expect(loads).toBe(3);
    expect(await cache.get("a", load(10))).toBe(10);
    expect(loads).toBe(4);
  });
});
