import { afterEach, describe, expect, it, vi } from "vitest";
import { api, ApiFailure } from "../../../web/src/api";

/**
 * The dashboard's writes are idempotent per user action: every POST carries an
 * `Idempotency-Key`, and the same request sent again after the connection dropped reuses
 * it, so the server replays its first answer instead of acting twice. `fetch` is the
 * browser's; it stands in here for a network that answers or drops.
 */

type Sent = { path: string; method: string; key: string | null };

function network(outcomes: ("answer" | "drop" | "refuse")[]) {
  const sent: Sent[] = [];
  vi.stubGlobal("fetch", async (path: string, init: RequestInit) => {
    sent.push({ path, method: init.method ?? "GET", key: new Headers(init.headers).get("idempotency-key") });
    const outcome = outcomes.shift() ?? "answer";
    if (outcome === "drop") throw new TypeError("Failed to fetch");
    if (outcome === "refuse") return Response.json({ error: { code: "invalid_request", message: "Invalid `name`.", param: "name" } }, { status: 400 });
    return Response.json({ id: "cmp_1" }, { status: 201 });
  });
  return sent;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

const create = (name: string) => api("/api/brands/brd_1/campaigns", { method: "POST", json: { name } });

describe("idempotent dashboard writes", () => {
  it("sends a fresh key with each POST that got its answer", async () => {
    const sent = network(["answer", "answer"]);
    await create("Spring");
    await create("Spring");
    expect(sent[0]!.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent[1]!.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent[1]!.key).not.toBe(sent[0]!.key);
  });

  it("reuses the key when the same request is sent again after the connection dropped", async () => {
    const sent = network(["drop", "drop", "answer", "answer"]);
    await expect(create("Summer")).rejects.toBeInstanceOf(TypeError);
    await expect(create("Summer")).rejects.toBeInstanceOf(TypeError);
    await expect(create("Summer")).resolves.toEqual({ id: "cmp_1" });
    expect(new Set(sent.slice(0, 3).map((s) => s.key)).size).toBe(1);
    // Answered: the next submit is a new action.
    await create("Summer");
    expect(sent[3]!.key).not.toBe(sent[0]!.key);
  });

  it("gives another request its own key, even while one is unanswered", async () => {
    const sent = network(["drop", "answer", "answer"]);
    await expect(create("Autumn")).rejects.toBeInstanceOf(TypeError);
    await create("Autumn, renamed");
    await api("/api/brands/brd_2/campaigns", { method: "POST", json: { name: "Autumn" } });
    expect(new Set(sent.map((s) => s.key)).size).toBe(3);
  });

  it("settles the action on an error answer too: the server stored nothing to replay", async () => {
    const sent = network(["refuse", "answer"]);
    const refused = await create("Winter").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiFailure);
    expect(refused).toMatchObject({ status: 400, param: "name" });
    await create("Winter");
    expect(sent[1]!.key).not.toBe(sent[0]!.key);
  });

  it("sends no key with reads, edits and deletions (only POST creates), nor outside a brand (keys are per brand)", async () => {
    const sent = network([]);
    await api("/api/brands/brd_1/campaigns");
    await api("/api/brands/brd_1/campaigns/cmp_1", { method: "PATCH", json: { name: "x" } });
    await api("/api/brands/brd_1/links/lnk_1", { method: "DELETE" });
    await api("/api/auth/sign-in", { method: "POST", json: { email: "a@b.test", password: "x" } });
    expect(sent.map((s) => s.key)).toEqual([null, null, null, null]);
  });
});
