import { withCreator } from "../../creators/access";
import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { ApiError } from "../../infra/http/errors";
import { commonErrors, errorResponse, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { openConversation, threadOf, visibleCampaign } from "../queries";
import { oneLine } from "../text";
import { HelpThread, ReportCampaign, serializeConversation, serializeMessage } from "../schemas";
import { enforceHelpWrites } from "./own";

const REASON_LABELS = { misleading_terms: "Misleading terms", unpaid_commissions: "Unpaid commissions", other: "Other" } as const;

export const reportCampaignRoute = dashboardRoute("creator", {
  method: "post",
  path: "/api/help/campaign-reports",
  tags: ["Help"],
  summary: "Report a campaign to Rekomi",
  description:
    "For a listed campaign or one you are enrolled in (misleading terms, unpaid commissions). Opens a help conversation with topic " +
    "`campaign_report`; staff see the campaign and its brand beside it. The brand is not told who reported.",
  request: { body: jsonBody(ReportCampaign) },
  responses: { 201: jsonResponse(HelpThread, "The report's conversation."), ...commonErrors, 429: errorResponse("Too many help messages from this account.") },
});

export function registerReportCampaign(app: DashboardApp) {
  app.openapi(reportCampaignRoute, async (c) => {
    const { campaign_id: campaignId, reason, body } = c.req.valid("json");
    await enforceHelpWrites(c);
    // The creator's own principal: a campaign they cannot see is the same 404 as none.
    const thread = await withCreator(c, async (tx, creator) => {
      const campaign = await visibleCampaign(tx, campaignId);
      if (!campaign) throw new ApiError("not_found", `No campaign ${campaignId}.`, { param: "campaign_id" });
      const row = await openConversation(tx, {
        userId: creator.userId,
        topic: "campaign_report",
        subject: `${REASON_LABELS[reason]}: ${oneLine(campaign.name)}`.slice(0, 200),
        body,
        campaign,
      });
      const { messages, attachments } = await threadOf(tx, row.id);
      return { ...serializeConversation(row), messages: messages.map((m) => serializeMessage(m, attachments)) };
    });
    return c.json(thread, 201);
  });
}
