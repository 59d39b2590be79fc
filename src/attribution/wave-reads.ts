import { sql, type SQL } from "drizzle-orm";
import type { Tx } from "../infra/db/client";
import { readRow } from "../infra/db/insert-many";
import { conversions, customers, trackingLinks } from "../infra/db/schema";
import type { ConversionRow } from "./conversion";
import { customerOf, type Customer } from "./customers";

/** What a wave of sales (sales-set.ts) reads before deciding their credit. */
export interface WaveReads {
  /** The existing customers among those named, locked; by external id. */
  customers: Map<string, Customer>;
  /** The links of the verified click ids, by id. */
  links: Map<string, typeof trackingLinks.$inferSelect>;
  /** The unlinked refunds and disputes naming one of the invoices or payments, in arrival order (earlyFollowers). */
  early: ConversionRow[];
}

const inList = (values: string[]): SQL => sql.join(values.map((v) => sql`${v}`), sql`, `);

/**
 * lockExisting, the links select and earlyFollowers in one statement (each row as
 * `to_jsonb`, mapped back as drizzle maps them), so a wave pays one round trip for its
 * reads. The customers are locked in id order, as lockExisting locks them.
 */
export async function readWave(tx: Tx, brandId: string, want: { externalIds: string[]; linkIds: string[]; invoices: string[]; payments: string[] }): Promise<WaveReads> {
  const parts: SQL[] = [];
  if (want.externalIds.length > 0) {
    parts.push(sql`(with locked as (
        select c.*, l.code as link_code from ${customers} c left join ${trackingLinks} l on l.id = c.link_id
         where c.brand_id = ${brandId} and c.external_id in (${inList(want.externalIds)})
         order by c.id for update of c)
      select 'customer' as kind, to_jsonb(locked) as row, 0::bigint as ord from locked)`);
  }
  if (want.linkIds.length > 0) parts.push(sql`(select 'link' as kind, to_jsonb(l) as row, 0::bigint as ord from ${trackingLinks} l where l.id in (${inList(want.linkIds)}))`);
  const names: SQL[] = [];
  if (want.invoices.length > 0) names.push(sql`v.invoice_id in (${inList(want.invoices)})`);
  if (want.payments.length > 0) names.push(sql`v.payment_id in (${inList(want.payments)})`);
  if (names.length > 0) {
    parts.push(sql`(select 'early' as kind, to_jsonb(v) as row, row_number() over (order by v.created_at, v.id) as ord from ${conversions} v
       where v.brand_id = ${brandId} and v.type in ('refund', 'dispute') and v.sale_id is null and (${sql.join(names, sql` or `)}))`);
  }
  const reads: WaveReads = { customers: new Map(), links: new Map(), early: [] };
  if (parts.length === 0) return reads;
  // Every branch names its columns: the first one present names the result's.
  const result = await tx.execute(sql.join(parts, sql` union all `));
  const rows = (result as unknown as { rows: { kind: string; row: Record<string, unknown>; ord: string | number }[] }).rows;
  const early: { row: ConversionRow; ord: number }[] = [];
  for (const { kind, row, ord } of rows) {
    if (kind === "customer") {
      const customer = readRow(customers, row);
      reads.customers.set(customer.externalId, customerOf(customer, (row.link_code as string | null) ?? null));
    } else if (kind === "link") {
      const link = readRow(trackingLinks, row);
      reads.links.set(link.id, link);
    } else early.push({ row: readRow(conversions, row), ord: Number(ord) });
  }
  reads.early = early.sort((a, b) => a.ord - b.ord).map((e) => e.row);
  return reads;
}
