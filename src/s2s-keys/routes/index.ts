import type { V1App } from "../../infra/api/types";
import { registerCreateS2sKey } from "./create";
import { registerListS2sKeys } from "./list";
import { registerRevokeS2sKey } from "./revoke";
import { registerRotateS2sKey } from "./rotate";

export function registerS2sKeyRoutes(app: V1App) {
  registerListS2sKeys(app);
  registerCreateS2sKey(app);
  registerRotateS2sKey(app);
  registerRevokeS2sKey(app);
}
