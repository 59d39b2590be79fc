import type { DashboardApp } from "../../infra/api/dashboard-types";
import { registerInvitationLinks } from "./accept-invitation";
import { registerCreateInvitation } from "./create-invitation";
import { registerLeaveBrand } from "./leave";
import { registerListInvitations } from "./list-invitations";
import { registerListMembers } from "./list-members";
import { registerRemoveMember } from "./remove-member";
import { registerRevokeInvitation } from "./revoke-invitation";
import { registerRoles } from "./roles";
import { registerTransferOwnership } from "./transfer-ownership";
import { registerUpdateMember } from "./update-member";

export function registerTeamRoutes(app: DashboardApp) {
  registerListMembers(app);
  registerUpdateMember(app);
  registerRemoveMember(app);
  registerLeaveBrand(app);
  registerTransferOwnership(app);
  registerListInvitations(app);
  registerCreateInvitation(app);
  registerRevokeInvitation(app);
  registerInvitationLinks(app);
  registerRoles(app);
}
