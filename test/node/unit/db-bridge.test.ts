import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { startDbBridge } from "../../../scripts/local/bridge";

describe("the local database bridge", () => {
  it("survives a client that goes away while sending its SQL, and keeps serving", async () => {
    const bridge = await startDbBridge(0, ["127.0.0.1:1"]);
    try {
      // Half a body, then the connection drops: reading it fails inside the handler. Before,
      // that rejection was unhandled (vitest fails the run on one; Node ends the process).
      await new Promise<void>((ok, fail) => {
        const socket = connect(bridge.port, "127.0.0.1", () => {
          socket.write("POST /sql HTTP/1.1\r\nHost: bridge\r\nContent-Length: 1000\r\n\r\n{\"query\":", () => socket.destroy());
        });
        socket.on("close", () => ok());
        socket.on("error", fail);
      });
      const res = await fetch(`http://127.0.0.1:${bridge.port}/sql`, {
        method: "POST",
        headers: { "Neon-Connection-String": "postgres://rekomi_app:x@db.example:5432/rekomi" },
        body: JSON.stringify({ query: "select 1", params: [] }),
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ message: "target not allowed" });
    } finally {
      await bridge.close();
    }
  });
});
