import { runDevSession } from "./local/dev-session";
import { runEntryPoint } from "./local/setup-error";

/**
 * `npm run dev`: the whole of Rekomi on this machine (scripts/local/dev-session.ts). Ctrl-C
 * stops everything, the database included. Node's version is checked before (predev).
 */
await runEntryPoint("dev", runDevSession);
