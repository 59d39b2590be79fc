import pg from "pg";
import { SetupError } from "../local/setup-error";

/**
 * What `npm run db:migrate` (and the local stack) check before migrating, so that a wrong
 * server, password or role ends in one line with the fix instead of a driver stack trace.
 */

/** GRANT … WITH INHERIT FALSE, SET TRUE (migration 0000) and role admin rules need 16. */
export const MIN_SERVER_VERSION_NUM = 160000;

/** `server_version_num` (e.g. "150004", "170002") as a number; NaN when it is not one. */
export function parseServerVersionNum(text: string): number {
  return /^\d{5,6}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
}

/** Throws a SetupError naming the minimum when `versionNum` is below PostgreSQL 16. */
export function checkServerVersion(versionNum: string, versionText: string): void {
  const num = parseServerVersionNum(versionNum);
  if (Number.isNaN(num)) throw new SetupError(`could not read the server's version (server_version_num = ${JSON.stringify(versionNum)}): Rekomi needs PostgreSQL 16 or newer.`);
  if (num < MIN_SERVER_VERSION_NUM) {
    throw new SetupError(`the server runs PostgreSQL ${versionText.split(" ")[0]}; Rekomi needs PostgreSQL 16 or newer (new Neon projects default to 17): upgrade it or point DATABASE_URL at a newer one.`);
  }
}

const where = (url: string) => {
  try {
    const u = new URL(url);
    return { host: `${u.hostname}:${u.port || 5432}`, user: decodeURIComponent(u.username), database: u.pathname.slice(1) };
  } catch {
    return { host: "(unparsable DATABASE_URL)", user: "", database: "" };
  }
};

/** One line for a failed connection, or undefined when the error is not about connecting. */
export function explainConnectionError(err: unknown, url: string): string | undefined {
  const e = err as { code?: string; message?: string };
  const { host, user, database } = where(url);
  switch (e.code) {
    case "ECONNREFUSED":
      return `nothing accepts connections at ${host}: start PostgreSQL there or fix the host and port in DATABASE_URL.`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `the host in DATABASE_URL (${host}) does not resolve: check its spelling and your network.`;
    case "ETIMEDOUT":
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return `${host} cannot be reached (${e.code}): check the host, port, firewall and network.`;
    case "28P01":
      return `PostgreSQL at ${host} rejected the password of role "${user}": fix the user or password in DATABASE_URL.`;
    case "28000":
      return `PostgreSQL at ${host} refused role "${user}": ${e.message} (check the user in DATABASE_URL and whether the server requires ?sslmode=require).`;
    case "3D000":
      return `database "${database}" does not exist on ${host}: create it (createdb) or fix its name in DATABASE_URL.`;
  }
  if (/timeout/i.test(e.message ?? "")) return `${host} did not answer within 10 s: check the host, port, firewall and network.`;
  if (/SSL|certificate/i.test(e.message ?? "")) return `TLS with ${host} failed: ${e.message} (Neon needs ?sslmode=require).`;
  return undefined;
}

/** Throws a SetupError when the migrating role cannot create Rekomi's roles and they do not exist yet. */
export function checkOwnerPrivileges(role: { user: string; can_create_roles: boolean; roles_exist: boolean }): void {
  if (!role.can_create_roles && !role.roles_exist) {
    throw new SetupError(`role "${role.user}" lacks CREATEROLE, which migrations need to create rekomi_app and rekomi_lookup: run them as the database's owner role with CREATEROLE (on Neon, the project's default role such as neondb_owner).`);
  }
}

/**
 * Connects as the owner role and checks, in order: the connection, the server version, and
 * that the owner can create Rekomi's roles (CREATEROLE) when they do not exist yet.
 */
export async function connectAsOwner(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on("error", () => {}); // a dropped connection surfaces in the next query instead
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => {});
    const line = explainConnectionError(err, url);
    throw line ? new SetupError(line) : err;
  }
  try {
    const { rows } = await client.query<{ num: string; version: string; can_create_roles: boolean; roles_exist: boolean; user: string }>(
      `select current_setting('server_version_num') as num, current_setting('server_version') as version,
              (select rolcreaterole or rolsuper from pg_roles where rolname = current_user) as can_create_roles,
              (select count(*) = 2 from pg_roles where rolname in ('rekomi_app', 'rekomi_lookup')) as roles_exist,
              current_user as user`,
    );
    const row = rows[0]!;
    checkServerVersion(row.num, row.version);
    checkOwnerPrivileges(row);
    return client;
  } catch (err) {
    await client.end().catch(() => {});
    throw err;
  }
}
