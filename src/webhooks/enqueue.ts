export interface DeliveryMessage {
  delivery_id: string;
  brand_id: string;
}

/** Queue messages for deliveries; sendBatch takes at most 100 messages at a time. */
export async function enqueueDeliveries(queue: Queue, brandId: string, deliveryIds: string[], delaySeconds?: number): Promise<void> {
  for (let i = 0; i < deliveryIds.length; i += 100) {
    const batch = deliveryIds.slice(i, i + 100).map((id) => ({ body: { delivery_id: id, brand_id: brandId }, ...(delaySeconds ? { delaySeconds } : {}) }));
    await queue.sendBatch(batch);
  }
}

/**
 * After the transaction that created deliveries has committed: queue them now for low
 * latency. Losing this enqueue is harmless, since the cron sweeper finds due deliveries
 * in Postgres; so it may run in waitUntil.
 */
export function enqueueAfterCommit(ctx: { waitUntil(p: Promise<unknown>): void }, queue: Queue, brandId: string, deliveryIds: string[]): void {
  if (deliveryIds.length === 0) return;
  ctx.waitUntil(
    enqueueDeliveries(queue, brandId, deliveryIds).catch((err) =>
      console.error(JSON.stringify({ level: "warn", message: "webhook enqueue failed; the sweeper will retry", error: String(err) })),
    ),
  );
}
