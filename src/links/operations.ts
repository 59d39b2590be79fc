import { linkClickTotals } from "../clicks/queries";
import { brandOperation, type OperationContext } from "../infra/api/operation";
import { DomainError } from "../infra/domain-error";
import { PageQuery, decodeCursor, pageSchema, toPage } from "../infra/http/pagination";
import { idParams } from "../infra/http/schemas";
import { changeLink, createBrandLink } from "./changes";
import { listLinks } from "./queries";
import { BrandLink, CreateBrandLink, ListLinksQuery, TrackingLink, UpdateLink, serializeLink } from "./schemas";

const tags = ["Tracking links"];
const linkParams = idParams({ linkId: "lnk" });
const DAY_MS = 86_400_000;


/** Links as the brand sees them: with their creator's name and their clicks (UTC days; the last 30 include today). */
async function brandLinks(ctx: OperationContext, query: Parameters<typeof listLinks>[1]) {
  const since = new Date(Date.now() - 29 * DAY_MS).toISOString().slice(0, 10);
  const { rows, clicks } = await ctx.run(async (tx) => {
    const rows = await listLinks(tx, query);
    return { rows, clicks: await linkClickTotals(tx, ctx.brandId, rows.map((r) => r.id), since) };
  });
  const base = ctx.config.TRACKING_BASE_URL;
  const serialize = ({ link, affiliateName }: (typeof rows)[number]): BrandLink => {
    const counted = clicks.get(link.id);
    return { ...serializeLink(link, base), affiliate_name: affiliateName ?? link.affiliateId, clicks: { total: counted?.total ?? 0, last_30_days: counted?.recent ?? 0 } };
  };
  return { rows, serialize };
}

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
    const { rows, serialize } = await brandLinks(ctx, { limit, before: decodeCursor(cursor), campaignId: campaign_id, enrollmentId: enrollment_id });
    return toPage(rows, limit, serialize);
  },
});

export const getLinkOperation = brandOperation({
  id: "getLink",
  permission: "campaigns.view",
  method: "get",
  path: "/links/{linkId}",
  tags,
  summary: "Retrieve a tracking link",
  description: "With its creator's name, its clicks and its promotion code.",
  request: { params: linkParams },
  response: { status: 200, schema: BrandLink, description: "The link." },
  async handler(ctx, { params: { linkId } }) {
    const { rows, serialize } = await brandLinks(ctx, { limit: 1, linkId });
    if (!rows[0]) throw new DomainError("not_found", `No link ${linkId}.`, { param: "linkId" });
    return serialize(rows[0]);
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
  request: { body: CreateBrandLink },
  response: { status: 201, schema: TrackingLink, description: "The new link." },
  errors: { 409: "The code is taken, the promotion code is on another link of the brand, or the enrollment was rejected or ended." },
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
    "Pause a link (`status: disabled`), resume it, change its destination, or set its promotion code (`null` removes it). The edge caches links: the change is live everywhere within 30 seconds.",
  request: { params: linkParams, body: UpdateLink },
  response: { status: 200, schema: TrackingLink, description: "The updated link." },
  errors: { 409: "The promotion code is on another link of the brand." },
  async handler(ctx, { params: { linkId }, body }) {
    const row = await ctx.run((tx) => changeLink(tx, linkId, body));
    return serializeLink(row, ctx.config.TRACKING_BASE_URL);
  },
});

export const linkOperations = [listLinksOperation, getLinkOperation, createLinkOperation, updateLinkOperation];
