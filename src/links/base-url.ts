/** Public origin of the edge worker, where `/c/{code}` lives. */
export function trackingBaseUrl(env: { TRACKING_BASE_URL?: string | undefined }, requestUrl: string): string {
  return (env.TRACKING_BASE_URL ?? new URL(requestUrl).origin).replace(/\/$/, "");
}
