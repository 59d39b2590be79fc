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

const keys = new Map<string, Uint8Array>();
function keyOf(secret: string): Uint8Array {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = new TextEncoder().encode(secret)));
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
    .sign(keyOf(secret));
}

async function verify(secret: string, audience: string, token: string): Promise<Record<string, unknown> | null> {
  try {
    const { payload } = await jwtVerify(token, keyOf(secret), { algorithms: [ALGORITHM], issuer: ISSUER, audience });
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
