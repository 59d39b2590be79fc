/**
 * `npm run dev`: the whole of Rekomi on this machine. Ctrl-C stops everything, the
 * database included. This file only checks Node's version before anything heavier loads
 * (wrangler and Miniflare need 22), so an old Node gets one line instead of a stack trace.
 */
export {};

const major = Number(process.versions.node.split(".")[0]);
if (major < 22) {
  console.error(`[dev] Node.js ${process.versions.node} is too old: Rekomi needs Node.js 22 or newer (https://nodejs.org, or \`nvm install 22\`).`);
  process.exit(1);
}
const { runEntryPoint } = await import("./local/setup-error");
await runEntryPoint("dev", async () => {
  await (await import("./local/dev-session")).runDevSession();
});
