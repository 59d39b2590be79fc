/** Screenshots: small images, checked by their first bytes as well as their declared type. */
export const MAX_SCREENSHOT_BYTES = 2 * 1024 * 1024;
export const SCREENSHOT_TYPES = ["image/png", "image/jpeg", "image/webp"] as const;
export type ScreenshotType = (typeof SCREENSHOT_TYPES)[number];

const MAGIC: Record<ScreenshotType, (b: Uint8Array) => boolean> = {
  "image/png": (b) => [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((x, i) => b[i] === x),
  "image/jpeg": (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  "image/webp": (b) => String.fromCharCode(...b.subarray(0, 4)) === "RIFF" && String.fromCharCode(...b.subarray(8, 12)) === "WEBP",
};

export function isScreenshotType(type: string): type is ScreenshotType {
  return (SCREENSHOT_TYPES as readonly string[]).includes(type);
}

/** True when the bytes start like the declared image type (a renamed file is refused). */
export function looksLike(type: ScreenshotType, bytes: Uint8Array): boolean {
  return bytes.length > 12 && MAGIC[type](bytes);
}

/**
 * The R2 key of an attachment: derived from its random, unguessable id (never from the
 * user's file name), so the signed file route needs no privileged lookup; the bucket is
 * private and files leave only through signed, 5-minute URLs.
 */
export function helpObjectKey(attachmentId: string): string {
  return `help/${attachmentId}`;
}
