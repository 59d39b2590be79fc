import { ApiError } from "./errors";

/**
 * Reads a raw file upload, where the request body is the file itself (a browser sends it
 * with XMLHttpRequest or fetch, and no HTML form can: so the CSRF defence of JSON-only
 * writes holds). 415 for another content type; 413 beyond `maxBytes`, checked against the
 * declared length first and while reading, so an oversized body is never buffered whole;
 * 400 when empty. Errors name the `file` parameter.
 */
export async function readUpload(request: Request, opts: { contentType: string; maxBytes: number }): Promise<Uint8Array<ArrayBuffer>> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== opts.contentType) {
    throw new ApiError("unsupported_media_type", `Send the file as the request body with \`Content-Type: ${opts.contentType}\`${type ? ` (got \`${type}\`)` : ""}.`, { param: "file" });
  }
  const tooLarge = () => new ApiError("payload_too_large", `The file is larger than ${opts.maxBytes / (1024 * 1024)} MB.`, { param: "file" });
  if (Number(request.headers.get("content-length") ?? 0) > opts.maxBytes) throw tooLarge();

  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > opts.maxBytes) {
        await reader.cancel();
        throw tooLarge();
      }
      chunks.push(value);
    }
  }
  if (size === 0) throw new ApiError("invalid_request", "The file is empty: send its bytes as the request body.", { param: "file" });
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
