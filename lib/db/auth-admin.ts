/**
 * Where a business's members come from as users: Supabase Auth (its admin API), or, on npm start's
 * embedded database, the roles shim's stand-in for it. Neither ever runs through a migration: on
 * Supabase, auth.users is Supabase Auth's alone.
 */
export interface AuthAdmin {
  readonly kind: "supabase" | "local";
  /**
   * The user with this email, created when there is none. On Supabase a new user is invited:
   * Supabase Auth emails them a link that lands on `redirectTo` signed in (`invited: true`); an
   * email it already knows is never sent a second mail.
   */
  userForEmail(email: string, options: { redirectTo: string }): Promise<{ userId: string; invited: boolean }>;
  close(): Promise<void>;
}

export type AuthAdminFailure = "invalid_email" | "rate_limited" | "refused" | "unavailable";

/** Supabase Auth (or the shim) would not make the user; `reason` says whose move it is. */
export class AuthAdminError extends Error {
  constructor(readonly reason: AuthAdminFailure, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "AuthAdminError";
  }
}
