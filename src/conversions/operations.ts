import { brandOperation } from "../infra/api/operation";
import { DomainError } from "../infra/domain-error";
import { PageQuery, decodeCursor, pageSchema, toPage } from "../infra/http/pagination";
import { idParams } from "../infra/http/schemas";
import { ConversionListQuery, listFiltersOf } from "./filters";
import { findConversion, listConversions } from "./queries";
import { NamedConversion, serializeNamedConversion } from "./schemas";

const tags = ["Conversions"];

export const listConversionsOperation = brandOperation({
  id: "listConversions",
  permission: "conversions.view",
  method: "get",
  path: "/conversions",
  tags,
  summary: "List conversions",
  description:
    "Leads, sales, refunds, disputes, cancellations and trial starts recorded from accepted events, newest first, each with its attribution, the trail that explains it and the campaign and creator names. " +
    "Filter by type, affiliate, campaign and creation time. Live conversions by default; `mode=test` lists those from a payment gateway's test mode instead.",
  request: { query: PageQuery.extend(ConversionListQuery.shape) },
  response: { status: 200, schema: pageSchema(NamedConversion), description: "A page of conversions." },
  async handler(ctx, { query }) {
    const rows = await ctx.read((tx) => listConversions(tx, { ...listFiltersOf(query), brandId: ctx.brandId }, { limit: query.limit, before: decodeCursor(query.cursor) }));
    return toPage(rows, query.limit, serializeNamedConversion);
  },
});

export const getConversionOperation = brandOperation({
  id: "getConversion",
  permission: "conversions.view",
  method: "get",
  path: "/conversions/{conversionId}",
  tags,
  summary: "Retrieve a conversion",
  request: { params: idParams({ conversionId: "cnv" }) },
  response: { status: 200, schema: NamedConversion, description: "The conversion." },
  async handler(ctx, { params: { conversionId } }) {
    const row = await ctx.read((tx) => findConversion(tx, conversionId));
    if (!row) throw new DomainError("not_found", `No conversion ${conversionId}.`, { param: "conversionId" });
    return serializeNamedConversion(row);
  },
});

export const conversionOperations = [listConversionsOperation, getConversionOperation];
