import { z } from "zod";
import { env, type Env } from "../env.js";
import { localSignInSecret } from "./local-sign-in.js";

/** GET /api/member/config: how the dashboard signs members in. Public values only. */
export const MemberConfigSchema = z.discriminatedUnion("signIn", [
  z.object({ signIn: z.literal("local").describe("npm start's embedded database: sign in with a printed one-time link (POST /api/member/sign-in).") }),
  z.object({
    signIn: z.literal("supabase").describe("Sign in through Supabase Auth with supabase-js, then send its access token."),
    supabaseUrl: z.url(),
    supabaseAnonKey: z.string().describe("The project's public (anon or publishable) key; never a secret one."),
  }),
  z.object({ signIn: z.literal("none").describe("No sign-in is configured: set SUPABASE_URL and SUPABASE_ANON_KEY.") }),
]);
export type MemberConfig = z.infer<typeof MemberConfigSchema>;

/**
 * What the pages need to sign a member in, and nothing else: no secret can be in it (the anon key
 * is refused in lib/env.ts unless it is a public one). Local sign-in wins only where it is on at
 * all, which is never beside a Supabase configuration.
 */
export function memberSignInConfig(config: Env = env()): MemberConfig {
  if (localSignInSecret(config)) return { signIn: "local" };
  if (config.SUPABASE_URL && config.SUPABASE_ANON_KEY) {
    return { signIn: "supabase", supabaseUrl: config.SUPABASE_URL.replace(/\/+$/, ""), supabaseAnonKey: config.SUPABASE_ANON_KEY };
  }
  return { signIn: "none" };
}
