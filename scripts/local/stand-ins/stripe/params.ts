import { badParam, invalidValue, missingParam } from "./errors";
import type { FormParams, FormValue } from "./form";

/** Refuses parameters the endpoint does not take, as Stripe does (`parameter_unknown`). */
export function allowOnly(params: FormParams, allowed: readonly string[]): void {
  for (const key of Object.keys(params)) {
    if (key !== "expand" && !allowed.includes(key)) throw badParam("parameter_unknown", key, `Received unknown parameter: ${key}`);
  }
}

export function optionalString(params: FormParams, key: string): string | null {
  const value = params[key];
  if (value === undefined || value === "") return null;
  if (typeof value !== "string") throw invalidValue(key, `Invalid string: ${key} must be a string.`);
  return value;
}

export function requiredString(params: FormParams, key: string): string {
  const value = optionalString(params, key);
  if (value === null) throw missingParam(key);
  return value;
}

/** A non-negative integer amount in minor units (form values arrive as text). */
export function optionalInteger(params: FormParams, key: string): number | null {
  const text = optionalString(params, key);
  if (text === null) return null;
  if (!/^-?\d+$/.test(text)) throw badParam("parameter_invalid_integer", key, `Invalid integer: ${text}`);
  return Number(text);
}

export function requiredInteger(params: FormParams, key: string): number {
  const value = optionalInteger(params, key);
  if (value === null) throw missingParam(key);
  return value;
}

export function positiveAmount(params: FormParams, key = "amount"): number {
  const amount = requiredInteger(params, key);
  if (amount < 1) throw invalidValue(key, "This value must be greater than or equal to 1.");
  return amount;
}

export function optionalBoolean(params: FormParams, key: string): boolean | null {
  const text = optionalString(params, key);
  if (text === null) return null;
  if (text !== "true" && text !== "false") throw invalidValue(key, `Invalid boolean: ${text}`);
  return text === "true";
}

export function stringArray(params: FormParams, key: string): string[] | null {
  const value = params[key];
  if (value === undefined) return null;
  if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) throw invalidValue(key, `Invalid array: ${key} must be a list of strings.`);
  return value as string[];
}

export function currency(params: FormParams, key = "currency"): string {
  const value = requiredString(params, key).toLowerCase();
  if (!/^[a-z]{3}$/.test(value)) throw invalidValue(key, `Invalid currency: ${value}. Stripe currently supports these currencies: usd, eur, gbp, …`);
  return value;
}

export function nested(params: FormParams, key: string): { [key: string]: FormValue } | null {
  const value = params[key];
  if (value === undefined || value === "") return null;
  if (typeof value !== "object" || Array.isArray(value)) throw invalidValue(key, `Invalid object: ${key} must be a hash.`);
  return value;
}

/** Metadata after an update: posted keys set, empty values unset, `metadata=""` clears all. */
export function mergeMetadata(current: Record<string, string>, params: FormParams): Record<string, string> {
  if (params.metadata === "") return {};
  const posted = nested(params, "metadata");
  if (!posted) return current;
  const next = { ...current };
  for (const [key, value] of Object.entries(posted)) {
    if (typeof value !== "string") throw invalidValue(`metadata[${key}]`, "Metadata values must be strings.");
    if (value === "") delete next[key];
    else next[key] = value;
  }
  return next;
}
