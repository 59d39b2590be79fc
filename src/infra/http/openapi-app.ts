import { OpenAPIHono } from "@hono/zod-openapi";
import type { Env as HonoEnv } from "hono";
import { validationHook } from "./validation";

/** A sub-app whose routes are described by zod schemas and validated with our error hook. */
export function openApiApp<E extends HonoEnv>() {
  return new OpenAPIHono<E>({ defaultHook: validationHook });
}
