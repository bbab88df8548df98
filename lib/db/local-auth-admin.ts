import { z } from "zod";
import { AuthAdminError, type AuthAdmin } from "./auth-admin.js";
import { openSql, type Sql } from "./open-sql.js";

/**
 * The embedded database's users, made by the roles shim's auth.local_user_for_email (see
 * supabase/local/supabase-roles-shim.sql): the stand-in for Supabase Auth's admin API there. It
 * lives in the auth schema, which the server's transport (public functions only) does not reach,
 * so it has a one-connection pool of its own, opened on first use: adding members is rare.
 */
export function createLocalAuthAdmin(databaseUrl: string): AuthAdmin {
  let sql: Sql | undefined;
  return {
    kind: "local",
    async userForEmail(email) {
      sql ??= openSql(databaseUrl, { max: 1, fetchTypes: false });
      try {
        const [row] = await sql<{ id: unknown }[]>`select auth.local_user_for_email(${email}) as id`;
        return { userId: z.uuid().parse(row?.id), invited: false };
      } catch (error) {
        if ((error as { code?: unknown }).code === "22023") throw new AuthAdminError("invalid_email", "email: must be an email address", { cause: error });
        throw new AuthAdminError("unavailable", "the database did not make the user", { cause: error });
      }
    },
    close: async () => {
      await sql?.end({ timeout: 1 });
      sql = undefined;
    },
  };
}
