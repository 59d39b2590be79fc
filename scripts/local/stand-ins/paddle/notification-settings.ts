import { base62 } from "../stripe/ids";
import { PaddleApiError, invalidFields } from "./errors";
import { paddleId } from "./ids";

export interface EventType {
  name: string;
  description: string;
  group: string;
  available_versions: number[];
}

/** A notification destination as Paddle Billing answers it (the API calls it a notification setting). */
export interface NotificationSetting {
  id: string;
  description: string;
  type: "email" | "url";
  destination: string;
  active: boolean;
  api_version: number;
  include_sensitive_fields: boolean;
  traffic_source: "platform" | "simulation" | "all";
  subscribed_events: EventType[];
  endpoint_secret_key: string;
}

const TRAFFIC = ["platform", "simulation", "all"];

/** Paddle answers each subscribed name with its full event type; this is its shape. */
function eventType(name: string): EventType {
  const [entity = "", action = ""] = name.split(".");
  const group = entity.split("_").map((word) => word[0]!.toUpperCase() + word.slice(1)).join(" ");
  return { name, description: `Occurs when ${entity.replaceAll("_", " ")} is ${action.replaceAll("_", " ")}.`, group, available_versions: [1] };
}

type Body = Record<string, unknown>;

function eventNames(body: Body, required: boolean): string[] | null {
  const names = body.subscribed_events;
  if (names === undefined && !required) return null;
  if (!Array.isArray(names) || names.length === 0 || names.some((name) => typeof name !== "string" || !/^[a-z_]+\.[a-z_]+$/.test(name))) {
    throw invalidFields([{ field: "subscribed_events", message: "must be a non-empty list of event type names, like transaction.completed" }]);
  }
  return names as string[];
}

function text(body: Body, field: string, required: boolean, max: number): string | null {
  const value = body[field];
  if (value === undefined && !required) return null;
  if (typeof value !== "string" || value.length < 1 || value.length > max) throw invalidFields([{ field, message: `must be a string of 1 to ${max} characters` }]);
  return value;
}

/** Notification destinations by id, with Paddle's create / list / get / update / delete rules. */
export class NotificationSettings {
  private readonly byId = new Map<string, NotificationSetting>();

  create(body: Body): NotificationSetting {
    const type = body.type;
    if (type !== "url" && type !== "email") throw invalidFields([{ field: "type", message: "must be one of url, email" }]);
    const traffic = body.traffic_source ?? "platform";
    if (!TRAFFIC.includes(traffic as string)) throw invalidFields([{ field: "traffic_source", message: `must be one of ${TRAFFIC.join(", ")}` }]);
    const id = paddleId("ntfset");
    const setting: NotificationSetting = {
      id,
      description: text(body, "description", true, 500)!,
      type,
      destination: text(body, "destination", true, 2048)!,
      active: true,
      api_version: typeof body.api_version === "number" ? body.api_version : 1,
      include_sensitive_fields: body.include_sensitive_fields === true,
      traffic_source: traffic as NotificationSetting["traffic_source"],
      subscribed_events: eventNames(body, true)!.map(eventType),
      endpoint_secret_key: `pdl_${id}_${base62(32)}`,
    };
    this.byId.set(id, setting);
    return setting;
  }

  list(filter: { active?: boolean }): NotificationSetting[] {
    return [...this.byId.values()].filter((setting) => filter.active === undefined || setting.active === filter.active);
  }

  get(id: string): NotificationSetting {
    const found = this.byId.get(id);
    if (!found) throw new PaddleApiError(404, "not_found", `Entity ${id} not found`);
    return found;
  }

  update(id: string, body: Body): NotificationSetting {
    const current = this.get(id);
    const names = eventNames(body, false);
    const updated: NotificationSetting = {
      ...current,
      description: text(body, "description", false, 500) ?? current.description,
      destination: text(body, "destination", false, 2048) ?? current.destination,
      active: typeof body.active === "boolean" ? body.active : current.active,
      ...(names ? { subscribed_events: names.map(eventType) } : {}),
    };
    this.byId.set(id, updated);
    return updated;
  }

  remove(id: string): void {
    this.get(id);
    this.byId.delete(id);
  }
}
