import type { V1App } from "../../api/types";
import { registerCreateEnrollment } from "./create";
import { registerListEnrollments } from "./list";

export function registerEnrollmentRoutes(app: V1App) {
  registerListEnrollments(app);
  registerCreateEnrollment(app);
}
