import type { V1App } from "../../infra/api/types";
import { registerCreateEndpoint } from "./create-endpoint";
import { registerDeleteEndpoint } from "./delete-endpoint";
import { registerGetDelivery } from "./get-delivery";
import { registerGetEndpoint } from "./get-endpoint";
import { registerListDeliveries } from "./list-deliveries";
import { registerListEndpoints } from "./list-endpoints";
import { registerRedeliver } from "./redeliver";
import { registerRotateSecret } from "./rotate-secret";
import { registerSendTest } from "./send-test";
import { registerUpdateEndpoint } from "./update-endpoint";

export function registerWebhookRoutes(app: V1App) {
  registerListEndpoints(app);
  registerCreateEndpoint(app);
  registerGetEndpoint(app);
  registerUpdateEndpoint(app);
  registerDeleteEndpoint(app);
  registerRotateSecret(app);
  registerSendTest(app);
  registerListDeliveries(app);
  registerGetDelivery(app);
  registerRedeliver(app);
}
