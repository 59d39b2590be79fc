import { z } from "zod";
import { AppEnvName, configParser, DatabaseConfig, TrackingQueues, TrackingSecrets, type ConfigEnv } from "../env";

/**
 * The edge worker's configuration (redirects, rk.js, S2S ingest, gateway webhooks): parsed once per isolate
 * at its entry (src/infra/edge/worker.ts). It uses the zod the ingest schemas already
 * bring into the bundle, so validating it costs the edge no extra bytes of library.
 */
export const EdgeConfig = z
  .object({
    ...DatabaseConfig,
    ...TrackingSecrets,
    ...TrackingQueues,
    APP_ENV: AppEnvName,
  });
export type EdgeConfig = z.output<typeof EdgeConfig>;

/** The edge worker's config, parsed and cached per isolate; throws ConfigError naming what is wrong. */
export const edgeConfig = configParser("edge", EdgeConfig);

/** The Hono env of the edge's routes. */
export type EdgeConfigEnv = ConfigEnv<EdgeConfig>;
