import type { V1App } from "../../infra/api/types";
import { registerCreateLink } from "./create";
import { registerListLinks } from "./list";
import { registerUpdateLink } from "./update";

export function registerLinkRoutes(app: V1App) {
  registerListLinks(app);
  registerCreateLink(app);
  registerUpdateLink(app);
}
