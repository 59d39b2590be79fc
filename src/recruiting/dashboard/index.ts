import type { DashboardApp } from "../../infra/api/dashboard-types";
import { registerCreatorInvitationRoutes } from "./creator-invitations";
import { registerCreatorInvitationLinks } from "./invitation-links";
import { registerJoinRoutes } from "./join";
import { registerJoinLinkRoutes } from "./join-link";

export function registerRecruitingRoutes(app: DashboardApp) {
  registerJoinLinkRoutes(app);
  registerJoinRoutes(app);
  registerCreatorInvitationRoutes(app);
  registerCreatorInvitationLinks(app);
}
