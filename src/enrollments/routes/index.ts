import type { V1App } from "../../infra/api/types";
import { registerCreateEnrollment } from "./create";
import { registerGetEnrollment } from "./get";
import { registerListEnrollments } from "./list";
import { registerUpdateEnrollment } from "./update";

export function registerEnrollmentRoutes(app: V1App) {
  registerListEnrollments(app);
  registerCreateEnrollment(app);
  registerGetEnrollment(app);
  registerUpdateEnrollment(app);
}
