import type { V1App } from "../../infra/api/types";
import { registerGetConversion } from "./get";
import { registerListConversions } from "./list";

export function registerConversionRoutes(app: V1App) {
  registerListConversions(app);
  registerGetConversion(app);
}
