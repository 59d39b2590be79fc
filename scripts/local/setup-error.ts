/**
 * An environment problem the person running the tooling can fix (port taken, Node too old,
 * no `postgres` user, wrong database password…). Entry points print its message as one
 * line, with the fix, instead of a stack trace; anything else is a bug and keeps its stack.
 */
export class SetupError extends Error {
  override name = "SetupError";
}

/** Runs an entry point: a SetupError becomes one line on stderr and exit code 1. */
export async function runEntryPoint(tag: string, main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (err) {
    if (err instanceof SetupError) {
      console.error(`[${tag}] ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
}
