import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import { PaddleApiError, invalidFields } from "./errors";
import { paddleId } from "./ids";
import { NotificationSettings, type NotificationSetting } from "./notification-settings";
import { paddleSignature } from "./signature";

export type { NotificationSetting };

/** A Paddle notification: one event, as delivered to one destination. */
export interface PaddleNotification {
  event_id: string;
  event_type: string;
  occurred_at: string;
  notification_id: string;
  data: object;
}

export interface PaddleDelivery {
  notificationId: string;
  eventId: string;
  url: string;
  /** The receiver's HTTP status, or 0 when it could not be reached. */
  status: number;
}

export interface PaddleRecordedRequest {
  method: string;
  path: string;
  body: unknown;
  status: number;
}

export interface PaddleStandIn {
  /** Give it to the SDK as its environment: `new Paddle(key, { environment: url as Environment })`. */
  url: string;
  port: number;
  requests: PaddleRecordedRequest[];
  deliveries: PaddleDelivery[];
  /** Sends an event to every active URL destination subscribed to its type, signed with that destination's secret. */
  emit(event: { event_type: string; data: object; event_id?: string; occurred_at?: string }): PaddleNotification[];
  flush(): Promise<void>;
  stop(): Promise<void>;
}

const readJson = (req: IncomingMessage) =>
  new Promise<unknown>((ok, fail) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (raw += chunk));
    req.on("end", () => {
      if (raw === "") return ok(undefined);
      try {
        ok(JSON.parse(raw));
      } catch {
        fail(invalidFields([{ field: "body", message: "must be valid JSON" }]));
      }
    });
    req.on("error", fail);
  });

/**
 * Starts a local stand-in for the part of Paddle Billing's API that connecting a gateway uses
 * (notification settings), for tests and the dev stack only. Independent per call; port 0 by default.
 */
export async function startPaddleStandIn(options: { port?: number } = {}): Promise<PaddleStandIn> {
  const settings = new NotificationSettings();
  const requests: PaddleRecordedRequest[] = [];
  const deliveries: PaddleDelivery[] = [];
  const inFlight = new Set<Promise<void>>();

  const server = createServer(async (req, res) => {
    const requestId = randomUUID();
    const url = new URL(req.url ?? "/", "http://paddle.local");
    const method = req.method ?? "GET";
    let body: unknown;
    let status = 200;
    let answer: object | null;
    try {
      body = await readJson(req);
      if (url.pathname.startsWith("/_stand-in/control/")) {
        const result = await control(method, url.pathname.slice("/_stand-in/control/".length), body);
        res.writeHead(result ? 200 : 404, { "content-type": "application/json" }).end(JSON.stringify(result ?? { error: `No stand-in control ${method} ${url.pathname}` }));
        return;
      }
      if (!req.headers.authorization) throw new PaddleApiError(403, "authentication_missing", "Authentication header missing.");
      if (!/^bearer \S+$/i.test(req.headers.authorization)) throw new PaddleApiError(403, "authentication_malformed", "Authentication header included, but incorrectly formatted.");
      const [, collection, id] = url.pathname.split("/");
      if (collection !== "notification-settings") throw new PaddleApiError(404, "not_found", `No route for ${method} ${url.pathname} on the Paddle stand-in`);
      const payload = (body ?? {}) as Record<string, unknown>;
      if (!id && method === "POST") {
        status = 201;
        answer = { data: settings.create(payload), meta: { request_id: requestId } };
      } else if (!id && method === "GET") {
        const active = url.searchParams.get("active");
        answer = { data: settings.list(active === null ? {} : { active: active === "true" }), meta: { request_id: requestId } };
      } else if (id && method === "GET") answer = { data: settings.get(id), meta: { request_id: requestId } };
      else if (id && method === "PATCH") answer = { data: settings.update(id, payload), meta: { request_id: requestId } };
      else if (id && method === "DELETE") {
        settings.remove(id);
        status = 204;
        answer = null;
      } else throw new PaddleApiError(405, "method_not_allowed", `${method} is not allowed on ${url.pathname}`);
    } catch (error) {
      const failure = error instanceof PaddleApiError ? error : new PaddleApiError(500, "internal_error", (error as Error).message);
      status = failure.status;
      answer = failure.body(requestId);
    }
    requests.push({ method, path: url.pathname, body, status });
    if (answer === null) res.writeHead(status).end();
    else res.writeHead(status, { "content-type": "application/json", "x-request-id": requestId }).end(JSON.stringify(answer));
  });

  async function deliver(notification: PaddleNotification, setting: NotificationSetting): Promise<void> {
    const body = JSON.stringify(notification);
    let status = 0;
    try {
      const response = await fetch(setting.destination, { method: "POST", headers: { "content-type": "application/json", "paddle-signature": paddleSignature(body, setting.endpoint_secret_key) }, body, signal: AbortSignal.timeout(10_000) });
      status = response.status;
      await response.body?.cancel();
    } catch {
      status = 0;
    }
    deliveries.push({ notificationId: notification.notification_id, eventId: notification.event_id, url: setting.destination, status });
  }

  /** The helpers over HTTP, for tests inside workerd: `POST emit` (the event), `GET requests|deliveries`. */
  async function control(method: string, action: string, input: unknown): Promise<unknown> {
    if (method === "POST" && action === "emit") return emit(input as Parameters<PaddleStandIn["emit"]>[0]);
    if (method !== "GET") return undefined;
    await flush();
    return action === "requests" ? requests : action === "deliveries" ? deliveries : undefined;
  }

  function emit({ event_type, data, event_id = paddleId("evt"), occurred_at = new Date().toISOString() }: Parameters<PaddleStandIn["emit"]>[0]): PaddleNotification[] {
    const targets = settings.list({ active: true }).filter((s) => s.type === "url" && s.traffic_source !== "simulation" && s.subscribed_events.some((e) => e.name === event_type));
    return targets.map((setting) => {
      const notification: PaddleNotification = { event_id, event_type, occurred_at, notification_id: paddleId("ntf"), data };
      const delivery = deliver(notification, setting);
      inFlight.add(delivery);
      void delivery.finally(() => inFlight.delete(delivery));
      return notification;
    });
  }

  const flush = async () => {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  };

  await new Promise<void>((ok, fail) => server.once("error", fail).listen(options.port ?? 0, "127.0.0.1", ok));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    deliveries,
    emit,
    flush,
    stop: async () => {
      await flush();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
