/**
 * The same connection string, but the session acts as `postgres` (`options=-c role=postgres`,
 * understood by libpq and postgres.js alike). On a plain PostgreSQL the operator may only have a
 * superuser login; migrations must still run as Supabase's non-superuser `postgres`, so that they
 * own what they create (later migrations run as `postgres` must be able to alter it) and meet the
 * same restrictions as on Supabase.
 */
export function actAsPostgres(url: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set("options", "-c role=postgres");
  return parsed.toString();
}
