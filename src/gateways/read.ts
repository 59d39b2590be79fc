import { isoCurrency } from "../currencies";
import { PayloadError } from "./types";

/**
 * Reads fields out of an untrusted, already-authenticated payload by dotted path
 * ("data.object.lines.data.0.price.product"). A signed payload can still be a shape we do
 * not expect (another API version, a gateway bug), so every required read names its path
 * in a PayloadError instead of failing with a TypeError deep in a normalizer.
 */
export class Reader {
  constructor(
    private readonly root: unknown,
    private readonly prefix = "",
  ) {}

  static json(raw: string): Reader {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new PayloadError("body", "the body is not JSON");
    }
    if (!isRecord(parsed)) throw new PayloadError("body", "the body is not a JSON object");
    return new Reader(parsed);
  }

  /** The value at `path`, or undefined when any step is missing. */
  get(path: string): unknown {
    let value: unknown = this.root;
    for (const key of path.split(".")) {
      if (Array.isArray(value)) value = value[Number(key)];
      else if (isRecord(value)) value = value[key];
      else return undefined;
    }
    return value;
  }

  /** A reader rooted at `path` (for array elements and sub-objects); its errors name the full path. */
  at(path: string): Reader {
    return new Reader(this.get(path), this.param(path) + ".");
  }

  /** The full path of `path` from the payload's root, for error messages. */
  param(path: string): string {
    return this.prefix + path;
  }

  /** A non-empty string, or undefined. Expandable gateway fields (`{ id }` objects) count by their id. */
  optStr(path: string): string | undefined {
    const value = this.get(path);
    if (typeof value === "string" && value !== "") return value;
    if (isRecord(value) && typeof value.id === "string" && value.id !== "") return value.id;
    return undefined;
  }

  str(path: string): string {
    const value = this.optStr(path);
    if (value === undefined) throw new PayloadError(this.param(path), `${this.param(path)} is missing or not a string`);
    return value;
  }

  /** A non-negative safe integer (amounts in minor units, Unix seconds). */
  int(path: string): number {
    const value = this.get(path);
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
      throw new PayloadError(this.param(path), `${this.param(path)} is missing or not a non-negative integer`);
    }
    return value;
  }

  optInt(path: string): number | undefined {
    const value = this.get(path);
    return typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  }

  /** An RFC 3339 timestamp as canonical ISO UTC. */
  time(path: string): string {
    return isoTime(this.optStr(path), this.param(path));
  }

  /** An ISO 4217 code, upper-cased. */
  currency(path: string): string {
    const code = isoCurrency(this.get(path));
    if (!code) throw new PayloadError(this.param(path), `${this.param(path)} is missing or not an ISO currency code`);
    return code;
  }

  list(path: string): Reader[] {
    const value = this.get(path);
    return Array.isArray(value) ? value.map((item, i) => new Reader(item, `${this.param(path)}.${i}.`)) : [];
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** An RFC 3339 timestamp as canonical ISO UTC, or a PayloadError naming `param`. */
export function isoTime(value: string | undefined, param: string): string {
  const ms = value === undefined ? Number.NaN : Date.parse(value);
  if (Number.isNaN(ms)) throw new PayloadError(param, `${param} is missing or not a timestamp`);
  return new Date(ms).toISOString();
}

/**
 * Unix seconds as ISO UTC, or a PayloadError naming `param` when no date can hold them (a
 * safe integer can be far past year 275760, where toISOString would throw a RangeError).
 */
export function unixTime(seconds: number, param = "timestamp"): string {
  const date = new Date(seconds * 1000);
  if (Number.isNaN(date.getTime())) throw new PayloadError(param, `${param} is not a Unix time a date can hold`);
  return date.toISOString();
}
