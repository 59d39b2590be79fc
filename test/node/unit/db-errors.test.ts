import { DrizzleQueryError } from "drizzle-orm/errors";
import { describe, expect, it } from "vitest";
import { describeDbError, loggableError } from "../../../src/infra/db/errors";

/** A Postgres error as the driver hands it over (node-postgres / Neon's DatabaseError fields). */
function pgError(fields: { code: string; message: string; detail?: string; constraint?: string; table?: string }) {
  return Object.assign(new Error(fields.message), { name: "error", ...fields });
}

describe("loggableError", () => {
  it("keeps name, code, constraint and query text of a failed query, never its parameters or the row", () => {
    const cause = pgError({
      code: "23505",
      message: 'duplicate key value violates unique constraint "users_email"',
      detail: "Key (email)=(ada@example.com) already exists.",
      constraint: "users_email",
      table: "users",
    });
    const err = new DrizzleQueryError('insert into "users" ("id", "email") values ($1, $2)', ["usr_1", "ada@example.com"], cause);
    expect(err.message).toContain("ada@example.com");
    const logged = loggableError(err);
    expect(logged).toMatchObject({
      name: "DrizzleQueryError",
      code: "23505",
      constraint: "users_email",
      table: "users",
      query: 'insert into "users" ("id", "email") values ($1, $2)',
      message: 'duplicate key value violates unique constraint "users_email"',
    });
    expect(JSON.stringify(logged)).not.toContain("ada@example.com");
    expect(describeDbError(err)).toBe('23505: duplicate key value violates unique constraint "users_email"');
  });

  it("blanks the values Postgres quotes in its message, keeps quoted identifiers", () => {
    const cause = pgError({ code: "22P02", message: 'invalid input value for enum help_topic: "my private text"' });
    const err = new DrizzleQueryError('select 1 from "help_conversations" where "topic" = $1', ["my private text"], cause);
    expect(JSON.stringify(loggableError(err))).not.toContain("my private text");
    expect(loggableError(pgError({ code: "22003", message: 'value "4111111111111111" is out of range for type integer' })).message).toBe('value "…" is out of range for type integer');
    expect(loggableError(pgError({ code: "42P01", message: 'relation "help_messages" does not exist' })).message).toBe('relation "help_messages" does not exist');
  });

  it("keeps the first line of any other error and drops message lines from the stack", () => {
    const logged = loggableError(new TypeError("x is undefined\nsecond line"));
    expect(logged).toMatchObject({ name: "TypeError", message: "x is undefined" });
    expect(logged.stack).not.toContain("second line");
    expect(loggableError("plain")).toEqual({ name: "string", message: "plain" });
  });
});
