import postgres from "postgres";

/** Who a simulated PostgREST request comes from: the role its JWT names, and the user for `authenticated`. */
export type Actor = { role: "anon" } | { role: "service_role" } | { role: "authenticated"; userId: string };

/**
 * Rows a statement returned or affected, or the SQLSTATE it failed with, followed by the constraint
 * when one refused it: "42501", "23514 businesses_timezone_check".
 */
export type Outcome = number | string;

type Work<T> = (tx: postgres.TransactionSql) => Promise<T>;

const ROLLBACK = new Error("rollback");

/** Runs work in its own transaction on a dedicated connection and rolls it back, so nothing persists. */
export async function rolledBack<T>(sql: postgres.Sql, work: Work<T>): Promise<T> {
  let result: { value: T } | undefined;
  await sql
    .begin(async (tx) => {
      result = { value: await work(tx) };
      throw ROLLBACK;
    })
    .catch((error: unknown) => {
      if (error !== ROLLBACK) throw error;
    });
  if (!result) throw new Error("the transaction ended without a result");
  return result.value;
}

/**
 * One request as PostgREST runs it (reference/supabase.md §3.3): a transaction that switches to the
 * JWT's role and publishes its claims with transaction-local set_config, runs the work, and rolls
 * back. `arrange` runs first, still as the connecting `postgres`, inside the same transaction.
 */
export function asRequest<T>(sql: postgres.Sql, actor: Actor, work: Work<T>, arrange?: Work<unknown>): Promise<T> {
  const claims = actor.role === "authenticated" ? { sub: actor.userId, role: actor.role, aud: "authenticated" } : { role: actor.role };
  return rolledBack(sql, async (tx) => {
    if (arrange) await arrange(tx);
    await tx.unsafe(
      `select set_config('role', $1, true),
              set_config('request.jwt.claims', $2, true),
              set_config('search_path', 'public, extensions', true)`,
      [actor.role, JSON.stringify(claims)],
    );
    return work(tx);
  });
}

/** Waits for a statement and reports its row count, or why Postgres refused it. */
export async function outcomeOf(statement: Promise<{ count: number }>): Promise<Outcome> {
  try {
    return (await statement).count;
  } catch (error) {
    if (error instanceof postgres.PostgresError) return [error.code, error.constraint_name].filter(Boolean).join(" ");
    throw error;
  }
}
