import { linkClickTotals } from "../clicks/queries";
import { brandOperation } from "../infra/api/operation";
import { PageQuery, decodeCursor, pageSchema, toPage } from "../infra/http/pagination";
import { idParams } from "../infra/http/schemas";
import { changeLink, createBrandLink } from "./changes";
import { listLinks } from "./queries";
import { BrandLink, CreateLink, ListLinksQuery, TrackingLink, UpdateLink, serializeLink } from "./schemas";

const tags = ["Tracking links"];
const linkParams = idParams({ linkId: "lnk" });
const DAY_MS = 86_400_000;


export const listLinksOperation = brandOperation({
  id: "listLinks",
  permission: "campaigns.view",
  method: "get",
  path: "/links",
  tags,
  summary: "List tracking links",
  description: "Newest first; filter by campaign or enrollment. Each link comes with its creator's name and its clicks.",
  request: { query: PageQuery.extend(ListLinksQuery.shape) },
  response: { status: 200, schema: pageSchema(BrandLink), description: "A page of links." },
  async handler(ctx, { query: { limit, cursor, campaign_id, enrollment_id } }) {
    const since = new Date(Date.now() - 29 * DAY_MS).toISOString().slice(0, 10);
    const { rows, clicks } = await ctx.run(async (tx) => {
      const rows = await listLinks(tx, { limit, before: decodeCursor(cursor), campaignId: campaign_id, enrollmentId: enrollment_id });
      return { rows, clicks: await linkClickTotals(tx, ctx.brandId, rows.map((r) => r.id), since) };
    });
    const base = ctx.config.TRACKING_BASE_URL;
    return toPage(rows, limit, ({ link, affiliateName }) => {
      const counted = clicks.get(link.id);
      return { ...serializeLink(link, base), affiliate_name: affiliateName ?? link.affiliateId, clicks: { total: counted?.total ?? 0, last_30_days: counted?.recent ?? 0 } };
    });
  },
});

export const createLinkOperation = brandOperation({
  id: "createLink",
  permission: "links.manage",
  method: "post",
  path: "/links",
  tags,
  summary: "Create a tracking link",
  description:
    "A link for one enrollment, with a vanity or random code. It redirects while the link, the enrollment (approved) and the campaign (active) are all live. " +
    "Send `Idempotency-Key` to make retries safe.",
  request: { body: CreateLink },
  response: { status: 201, schema: TrackingLink, description: "The new link." },
  errors: { 409: "The code is taken, or the enrollment was rejected or ended." },
  async handler(ctx, { body }) {
    const base = ctx.config.TRACKING_BASE_URL;
    return ctx.run(async (tx) => serializeLink(await createBrandLink(tx, body), base));
  },
});

export const updateLinkOperation = brandOperation({
  id: "updateLink",
  permission: "links.manage",
  method: "patch",
  path: "/links/{linkId}",
  tags,
  summary: "Update a tracking link",
  description:
    "Pause a link (`status: disabled`), resume it, or change its destination. The edge caches links: the change is live everywhere within 30 seconds.",
  request: { params: linkParams, body: UpdateLink },
  response: { status: 200, schema: TrackingLink, description: "The updated link." },
  async handler(ctx, { params: { linkId }, body }) {
    const row = await ctx.run((tx) => changeLink(tx, linkId, body));
    return serializeLink(row, ctx.config.TRACKING_BASE_URL);
  },
});

export const linkOperations = [listLinksOperation, createLinkOperation, updateLinkOperation];
