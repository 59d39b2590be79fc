import { SignJWT, jwtVerify } from "jose";

/**
 * The session cookie's value: a JWT signed with SESSION_SECRET, HS256 only (the verifier
 * pins the algorithm, so `none` or a swapped algorithm is refused). It names a session row;
 * the row, not the JWT, decides whether the session is still alive.
 */

const ALGORITHM = "HS256";
const ISSUER = "rekomi";
const SESSION_AUDIENCE = "rekomi:session";
/** A device that once signed in to an account (see auth/rate-limits.ts). */
const DEVICE_AUDIENCE = "rekomi:device";

/**
 * The HMAC key of a secret, imported once per isolate (jose would import a raw key on every
 * call, and every dashboard request verifies a cookie).
 */
const keys = new Map<string, Promise<CryptoKey>>();
function keyOf(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    keys.set(secret, key);
    // A failed import is not kept: the next call tries again.
    key.catch(() => keys.delete(secret));
  }
  return key;
}

async function sign(secret: string, audience: string, subject: string, claims: Record<string, string>, expiresAt: Date): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: ALGORITHM, typ: "JWT" })
    .setIssuer(ISSUER)
    .setAudience(audience)
    .setSubject(subject)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(await keyOf(secret));
}

async function verify(secret: string, audience: string, token: string): Promise<Record<string, unknown> | null> {
  try {
    const { payload } = await jwtVerify(token, await keyOf(secret), { algorithms: [ALGORITHM], issuer: ISSUER, audience });
    return payload as Record<string, unknown>;
  } catch {
    return null;
  }
}

export function signSessionJwt(secret: string, session: { sessionId: string; userId: string }, expiresAt: Date): Promise<string> {
  return sign(secret, SESSION_AUDIENCE, session.userId, { sid: session.sessionId }, expiresAt);
}

/** The session a cookie names, or null when it is not ours, tampered with or expired. */
export async function verifySessionJwt(secret: string, token: string): Promise<{ sessionId: string; userId: string } | null> {
  const payload = await verify(secret, SESSION_AUDIENCE, token);
  if (!payload || typeof payload.sid !== "string" || typeof payload.sub !== "string") return null;
  return { sessionId: payload.sid, userId: payload.sub };
}

export function signDeviceJwt(secret: string, userId: string, expiresAt: Date): Promise<string> {
  return sign(secret, DEVICE_AUDIENCE, userId, {}, expiresAt);
}

/** The account this browser has signed in to before, or null. */
export async function verifyDeviceJwt(secret: string, token: string): Promise<string | null> {
  const payload = await verify(secret, DEVICE_AUDIENCE, token);
  return payload && typeof payload.sub === "string" ? payload.sub : null;
}
