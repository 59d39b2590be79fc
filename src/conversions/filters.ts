import { ModeQuery, livemodeOf } from "../infra/http/mode";
import type { ConversionListFilters } from "./queries";
import { ListConversionsQuery, conversionFilters } from "./schemas";

/** What the list and the CSV export filter by: the conversions' own filters, and live or test data (live by default). */
export const ConversionListQuery = ListConversionsQuery.extend(ModeQuery.shape);

export function listFiltersOf(q: ListConversionsQuery & ModeQuery): ConversionListFilters {
  return { ...conversionFilters(q), livemode: livemodeOf(q) };
}
