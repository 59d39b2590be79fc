import { findCampaign } from "../campaigns/queries";
import { creatorRefForBrand } from "../creators/affiliates";
import { deliverSoon } from "../email/deliver";
import { brandOperation } from "../infra/api/operation";
import { DomainError } from "../infra/domain-error";
import { PageQuery, decodeCursor, pageSchema, toPage } from "../infra/http/pagination";
import { idParams } from "../infra/http/schemas";
import { enqueueAfterCommit } from "../webhooks/enqueue";
import { changeEnrollmentStatus, enrollmentForBrand, offerEnrollment } from "./lifecycle";
import { findApplication, findEnrollment, listEnrollments } from "./queries";
import { Application, EnrollAffiliate, Enrollment, UpdateEnrollment, serializeApplication, serializeEnrollment } from "./schemas";

const tags = ["Enrollments"];
const campaignParams = idParams({ campaignId: "cmp" });
const enrollmentParams = idParams({ enrollmentId: "enr" });

export const listEnrollmentsOperation = brandOperation({
  id: "listEnrollments",
  permission: "affiliates.view",
  method: "get",
  path: "/campaigns/{campaignId}/enrollments",
  tags,
  summary: "List a campaign's enrollments",
  description: "Affiliates in the campaign (approved, pending applications, open offers, paused, ended), newest first.",
  request: { params: campaignParams, query: PageQuery },
  response: { status: 200, schema: pageSchema(Enrollment), description: "A page of enrollments." },
  async handler(ctx, { params: { campaignId }, query: { limit, cursor } }) {
    const rows = await ctx.run(async (tx) => {
      if (!(await findCampaign(tx, campaignId))) throw new DomainError("not_found", `No campaign ${campaignId}.`, { param: "campaignId" });
      return listEnrollments(tx, campaignId, { limit, before: decodeCursor(cursor) });
    });
    return toPage(rows, limit, (r) => serializeEnrollment(r.enrollment, creatorRefForBrand(r.affiliate, r.affiliate.consented)));
  },
});

export const createEnrollmentOperation = brandOperation({
  id: "createEnrollment",
  permission: "affiliates.manage",
  method: "post",
  path: "/campaigns/{campaignId}/enrollments",
  tags,
  summary: "Offer an existing affiliate a place",
  description:
    "Offers a creator who is already on Rekomi (in another of your campaigns or listed in the network) a place in this campaign: the enrollment is `invited`, the creator is emailed and accepts (`approved`, webhook `offer.accepted`) or declines (`offer.declined`) in their dashboard. You see the creator's email and tax form status only once they accept. Withdraw an open offer with `PATCH …/enrollments/{enrollmentId}` `{ \"status\": \"withdrawn\" }`. Send `Idempotency-Key` to make retries safe.",
  request: { params: campaignParams, body: EnrollAffiliate },
  response: { status: 201, schema: Enrollment, description: "The offer (`invited`)." },
  errors: { 409: "The affiliate is already in this campaign, was offered a place in it, or declined one of your offers lately." },
  async handler(ctx, { params: { campaignId }, body }) {
    const answerUrl = `${ctx.config.APP_ORIGIN}/creator/applications`;
    // Empty when the answer is a replay: its mail went out with the first request.
    const mailIds: string[] = [];
    const enrollment = await ctx.run(async (tx) => {
      const offered = await offerEnrollment(tx, ctx.config, { brandId: ctx.brandId, campaignId, affiliateId: body.affiliate_id, answerUrl });
      await ctx.audit(tx, {
        action: "enrollment.offered",
        target: { type: "enrollment", id: offered.enrollment.id },
        metadata: { campaign_id: campaignId, affiliate_id: body.affiliate_id },
      });
      mailIds.push(offered.mailId);
      return offered.enrollment;
    });
    deliverSoon(ctx, mailIds);
    return enrollment;
  },
});

export const getEnrollmentOperation = brandOperation({
  id: "getEnrollment",
  permission: "affiliates.view",
  method: "get",
  path: "/enrollments/{enrollmentId}",
  tags,
  summary: "Retrieve an enrollment",
  request: { params: enrollmentParams },
  response: { status: 200, schema: Enrollment, description: "The enrollment." },
  handler: (ctx, { params: { enrollmentId } }) =>
    ctx.run(async (tx) => {
      const row = await findEnrollment(tx, enrollmentId);
      if (!row) throw new DomainError("not_found", `No enrollment ${enrollmentId}.`, { param: "enrollmentId" });
      return enrollmentForBrand(tx, row);
    }),
});

export const updateEnrollmentOperation = brandOperation({
  id: "updateEnrollment",
  permission: "affiliates.manage",
  method: "patch",
  path: "/enrollments/{enrollmentId}",
  tags,
  summary: "Review an application, withdraw an offer or change an enrollment",
  description:
    "Paused and ended enrollments stop their links from redirecting within the edge cache lifetime. Rejected and ended are final. The answer carries the campaign's name and the creator's profile (private fields once the creator consented).",
  request: { params: enrollmentParams, body: UpdateEnrollment },
  response: { status: 200, schema: Application, description: "The enrollment." },
  errors: { 409: "The move is not allowed from the current status." },
  async handler(ctx, { params: { enrollmentId }, body: { status } }) {
    const { application, deliveries } = await ctx.run(async (tx) => {
      const { deliveries, changed } = await changeEnrollmentStatus(tx, enrollmentId, status, "enrollmentId");
      if (changed) await ctx.audit(tx, { action: "enrollment.status_changed", target: { type: "enrollment", id: enrollmentId }, metadata: { status } });
      const row = (await findApplication(tx, enrollmentId))!;
      return { application: serializeApplication(row.enrollment, row.affiliate, row.consented, row.campaignName), deliveries };
    });
    enqueueAfterCommit(ctx, ctx.config.WEBHOOKS, ctx.brandId, deliveries);
    return application;
  },
});

export const enrollmentOperations = [listEnrollmentsOperation, createEnrollmentOperation, getEnrollmentOperation, updateEnrollmentOperation];
