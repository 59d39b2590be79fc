import type { DashboardApp } from "../../infra/api/dashboard-types";
import { registerChangeEmail } from "./change-email";
import { registerChangePassword } from "./change-password";
import { registerMe } from "./me";
import { registerPasswordReset } from "./password-reset";
import { registerPasswordResetConfirm } from "./password-reset-confirm";
import { registerSignIn } from "./sign-in";
import { registerSignOut } from "./sign-out";
import { registerSignUp } from "./sign-up";
import { registerResendVerification } from "./verification-email";
import { registerVerifyEmail } from "./verify-email";

export function registerAccountRoutes(app: DashboardApp) {
  registerSignUp(app);
  registerSignIn(app);
  registerSignOut(app);
  registerVerifyEmail(app);
  registerPasswordReset(app);
  registerPasswordResetConfirm(app);
  registerMe(app);
  registerResendVerification(app);
  registerChangePassword(app);
  registerChangeEmail(app);
}
