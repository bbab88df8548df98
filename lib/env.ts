import { randomBytes } from "node:crypto";
import path from "node:path";
import { z } from "zod";
import { ANSWER_DEADLINES } from "./answer-deadlines.js";
import { readSecretsFile, writeSecretsFile } from "./local-secrets-file.js";

/**
 * The only reader of process.env. Parsed once (at cold start, on first use) with zod; a bad or
 * missing value fails with one message naming every variable at fault, never the values (a
 * DATABASE_URL carries a password).
 */

const MAX_TOOL_BUDGET_MS = ANSWER_DEADLINES.toolCalls.answerMs - 500;

const port = z.coerce.number().int().min(1).max(65_535);

const postgresUrl = z.string().refine(isPostgresUrl, {
  message: "must be a postgres:// or postgresql:// URL with a host, e.g. postgres://user:password@host:5432/postgres",
});

/** 32 random bytes, written as 64 hex digits or as base64 (`openssl rand -base64 32`). */
const encryptionKey = z.string().refine((v) => decodeKey(v) !== undefined, {
  message: "must be 32 bytes written as 64 hex digits or base64 (generate one with: openssl rand -base64 32)",
});

const SECRETS = {
  ADMIN_API_KEY: z.string().min(24, "must be at least 24 characters (the operators' Bearer token)"),
  VAPI_WEBHOOK_SECRET: z.string().min(16, "must be at least 16 characters (VAPI's server credential secret)"),
  SIGNING_SECRET: z.string().min(32, "must be at least 32 characters (signs connect links and OAuth state)"),
  TOKEN_ENCRYPTION_KEY: encryptionKey,
} as const;
type SecretName = keyof typeof SECRETS;

/** Signs the session tokens of the local sign-in (npm start's embedded database only). Optional in
 *  the schema: npm start generates it like the secrets above, nothing else needs it. */
const localSessionSecret = z.string().min(32, "must be at least 32 characters (signs the local sign-in sessions of npm start)");

/** The secrets `npm start` keeps in its local secrets file: the required ones and the local one. */
type LocalSecretName = SecretName | "LOCAL_SESSION_SECRET";

/**
 * The key the dashboard pages hand to supabase-js in a browser, so it must be the public one: the
 * legacy anon JWT (role anon) or an sb_publishable_ key. A secret key (sb_secret_, a service_role
 * JWT) there would give every visitor the server's rights, so it is refused by name.
 */
const supabaseAnonKey = z
  .string()
  .min(20, "must be the project's anon or sb_publishable_ key (Project Settings → API Keys)")
  .refine(isPublicSupabaseKey, { message: "must be the project's public anon or sb_publishable_ key, never a secret or service_role key (it is handed to browsers)" });

const EnvObject = z.object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    /** Set by Vercel on every deployment ("1"); counts as production. */
    VERCEL: z.string().optional(),
    PORT: port.default(3000),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
    DATABASE_URL: postgresUrl.optional(),
    SUPABASE_URL: z.url({ protocol: /^https?$/, message: "must be an http(s) URL such as https://<project>.supabase.co" }).optional(),
    SUPABASE_SERVICE_ROLE_KEY: z.string().min(20, "must be the project's service_role or sb_secret_ key").optional(),
    /** The project's public key (anon JWT or sb_publishable_): what the dashboard's supabase-js
     *  signs members in with. Served by GET /api/member/config, so never a secret. */
    SUPABASE_ANON_KEY: supabaseAnonKey.optional(),
    /** The project's legacy JWT secret, for a project that signs its users' access tokens with
     *  HS256; without it, tokens are checked against the project's published signing keys. */
    SUPABASE_JWT_SECRET: z.string().min(32, "must be the project's JWT secret (Project Settings → API → JWT secret)").optional(),
    EMBEDDED_DB_DIR: z.string().min(1).default(".data/postgres"),
    EMBEDDED_DB_PORT: port.default(54329),
    ...SECRETS,
    LOCAL_SESSION_SECRET: localSessionSecret.optional(),
    TOKEN_ENCRYPTION_KEY_PREVIOUS: encryptionKey.optional(),
    /** How long the tools of one tool-calls message may take before the caller hears the fallback:
     *  tool answers are due within ANSWER_DEADLINES.toolCalls (the caller waits in silence), so it
     *  may be shortened but not set closer than half a second to that. */
    VAPI_TOOL_BUDGET_MS: z.coerce
      .number()
      .int()
      .min(1_000)
      .max(MAX_TOOL_BUDGET_MS, `must be at most ${MAX_TOOL_BUDGET_MS} (tool answers are due within ${ANSWER_DEADLINES.toolCalls.answerMs} ms)`)
      .default(ANSWER_DEADLINES.toolCalls.waitMs),
    /** Where links and URLs we hand out point (connect links, the assistant's server URL). Never
     *  taken from a request's Host or X-Forwarded-* headers (see lib/http/public-base-url.ts). */
    PUBLIC_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
    /** Set by Vercel: the project's production domain, without a scheme (e.g. app.vercel.app). */
    VERCEL_PROJECT_PRODUCTION_URL: z.string().regex(/^[a-z0-9.-]+(:\d+)?$/i, "must be a host name such as receptionist.vercel.app (Vercel sets it)").optional(),
    /** The id of the credential saved in VAPI for our webhook (Dashboard → Credentials). When set,
     *  a transient assistant names our webhook with it (server.credentialId); when unset, the
     *  assistant carries no server at all and VAPI sends the call's messages to the phone number's
     *  server, with the credential saved there. Never a secret in an answer. */
    VAPI_SERVER_CREDENTIAL_ID: z.string().trim().min(1).max(200).optional(),
    /** Cal.com API v2 host (an EU or self-hosted instance has its own). */
    CALCOM_API_URL: z.url({ protocol: /^https?$/ }).default("https://api.cal.com"),
    /** Cal.com web app host: where owners approve our OAuth client. */
    CALCOM_APP_URL: z.url({ protocol: /^https?$/ }).default("https://app.cal.com"),
    /** The OAuth client registered at Cal.com (Settings → Developer → OAuth). */
    CALCOM_CLIENT_ID: z.string().min(1).optional(),
    /** Confidential clients have a secret; without one the flow is PKCE-only (public client). */
    CALCOM_CLIENT_SECRET: z.string().min(1).optional(),
    /** Must equal the redirect URI registered with the client: https://<host>/api/calcom/oauth. */
    CALCOM_REDIRECT_URI: z.url({ protocol: /^https?$/ }).optional(),
    /** Where an owner lands after connecting; defaults to the dashboard's calendar view of the business. */
    CALCOM_CONNECTED_URL: z.url({ protocol: /^https?$/ }).optional(),
});

export const EnvSchema = EnvObject.superRefine((env, ctx) => {
    if (env.SUPABASE_URL && !env.SUPABASE_SERVICE_ROLE_KEY) {
      ctx.addIssue({ code: "custom", path: ["SUPABASE_SERVICE_ROLE_KEY"], message: "is required when SUPABASE_URL is set" });
    }
    if (env.SUPABASE_SERVICE_ROLE_KEY && !env.SUPABASE_URL) {
      ctx.addIssue({ code: "custom", path: ["SUPABASE_URL"], message: "is required when SUPABASE_SERVICE_ROLE_KEY is set" });
    }
    // The OAuth cookie is set where the connect link points and must come back to the redirect URI.
    if (env.PUBLIC_BASE_URL && env.CALCOM_REDIRECT_URI && new URL(env.PUBLIC_BASE_URL).origin !== new URL(env.CALCOM_REDIRECT_URI).origin) {
      ctx.addIssue({ code: "custom", path: ["CALCOM_REDIRECT_URI"], message: "must be on the same origin as PUBLIC_BASE_URL (the connect link and the OAuth callback share a cookie)" });
    }
    // The assistant's server URL must come from configuration; refused at start, not per call.
    if (isProduction(env) && env.VAPI_SERVER_CREDENTIAL_ID && !env.PUBLIC_BASE_URL && !env.CALCOM_REDIRECT_URI && !env.VERCEL_PROJECT_PRODUCTION_URL) {
      ctx.addIssue({ code: "custom", path: ["PUBLIC_BASE_URL"], message: "is required in production when VAPI_SERVER_CREDENTIAL_ID is set (the assistant's server URL is built from it)" });
    }
    if (env.SUPABASE_ANON_KEY && !env.SUPABASE_URL) {
      ctx.addIssue({ code: "custom", path: ["SUPABASE_URL"], message: "is required when SUPABASE_ANON_KEY is set" });
    }
    if (env.SUPABASE_ANON_KEY && env.SUPABASE_ANON_KEY === env.SUPABASE_SERVICE_ROLE_KEY) {
      ctx.addIssue({ code: "custom", path: ["SUPABASE_ANON_KEY"], message: "must be the public anon key, not SUPABASE_SERVICE_ROLE_KEY (it is handed to browsers)" });
    }
    // Local sign-in mints sessions from a secret of our own, with no Supabase Auth behind them: a
    // deployment that has it set would accept whoever holds that secret as any member.
    if (isProduction(env) && env.LOCAL_SESSION_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["LOCAL_SESSION_SECRET"],
        message: "must not be set in production: local sign-in is for npm start's embedded database only (members sign in through Supabase Auth)",
      });
    }
    if (isProduction(env) && !env.DATABASE_URL && !env.SUPABASE_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["DATABASE_URL"],
        message: "is required in production (or SUPABASE_URL with SUPABASE_SERVICE_ROLE_KEY); the embedded database is for local runs only",
      });
    }
  });

export type Env = z.infer<typeof EnvSchema>;
type Source = Record<string, string | undefined>;

export class EnvError extends Error {
  constructor(readonly variables: string[], details: string[]) {
    super(`Invalid environment:\n${details.map((d) => `  - ${d}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** What the db:* scripts need: the database settings and nothing secret. */
const DatabaseEnvSchema = EnvObject.pick({
  DATABASE_URL: true,
  SUPABASE_URL: true,
  EMBEDDED_DB_DIR: true,
  EMBEDDED_DB_PORT: true,
});
export type DatabaseEnv = z.infer<typeof DatabaseEnvSchema>;

/** Parses a set of variables; empty strings count as unset (as a blank line in a .env file means). */
export function parseEnv(source: Source): Env {
  return parseWith(EnvSchema, source);
}

function parseWith<T>(schema: z.ZodType<T>, source: Source): T {
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? "environment");
    const missing = issue.code === "invalid_type" && present[name] === undefined;
    return { name, text: `${name}: ${missing ? "is required" : issue.message}` };
  });
  throw new EnvError([...new Set(issues.map((i) => i.name))], issues.map((i) => i.text));
}

let cached: Env | undefined;

/** The database settings alone, for scripts that must run without the server's secrets. */
export function databaseEnv(): DatabaseEnv {
  return parseWith(DatabaseEnvSchema, process.env);
}

/** The process environment, parsed on first use. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Production is NODE_ENV=production or any Vercel deployment (which sets VERCEL=1). */
export function isProduction(source: { NODE_ENV?: string; VERCEL?: string } = process.env): boolean {
  return source.NODE_ENV === "production" || Boolean(source.VERCEL);
}

/** Where `npm start` keeps the secrets it invented: LOCAL_SECRETS_FILE, by default
 *  .data/local-secrets.json (git-ignored, beside the embedded database's data). */
export function localSecretsFile(source: Source = process.env): string {
  return path.resolve(source.LOCAL_SECRETS_FILE || ".data/local-secrets.json");
}

/** Every secret the local secrets file may hold. */
const SECRET_NAMES: [LocalSecretName, ...LocalSecretName[]] = [...(Object.keys(SECRETS) as [SecretName, ...SecretName[]]), "LOCAL_SESSION_SECRET"];

/**
 * For `npm start` on its embedded database (never in production): each secret not set in the
 * environment is taken from the local secrets file, or invented and kept there, so a restart can
 * still read the tokens it sealed and a second terminal (npm run simulate, npm run cli) finds the
 * same secrets. `keep: false` invents them for this process only (the benchmark). Returns every
 * secret it supplied and which were new. In production nothing is supplied; a missing secret then
 * fails parseEnv like any other.
 */
export function fillMissingLocalSecrets(options: { keep?: boolean } = {}): { supplied: Partial<Record<LocalSecretName, string>>; generated: LocalSecretName[]; file: string | undefined } {
  if (isProduction()) return { supplied: {}, generated: [], file: undefined };
  const keep = options.keep ?? true;
  const file = keep ? localSecretsFile() : undefined;
  let saved = file ? readSecretsFile(file, SECRET_NAMES) : {};
  const missing = SECRET_NAMES.filter((name) => !process.env[name]);
  const invented = Object.fromEntries(missing.filter((name) => !saved[name]).map((name) => [name, randomBytes(32).toString(name === "TOKEN_ENCRYPTION_KEY" ? "base64" : "base64url")]));
  if (file && Object.keys(invented).length > 0) saved = writeSecretsFile(file, SECRET_NAMES, { ...saved, ...invented }, Object.keys(saved).length === 0);
  const supplied: Partial<Record<LocalSecretName, string>> = {};
  const generated: LocalSecretName[] = [];
  for (const name of missing) {
    const value = (file ? saved[name] : undefined) ?? invented[name] ?? "";
    if (invented[name] === value) generated.push(name);
    process.env[name] = value;
    supplied[name] = value;
  }
  cached = undefined;
  return { supplied, generated, file };
}

/** One secret for command-line tools that talk to a running local server (the call simulator,
 *  the CLI), unchecked: from the environment, else from the file `npm start` keeps them in.
 *  `source` is the environment to read (the CLI passes its own, so tests can run it in-process). */
export function secretFromEnvironment(name: SecretName, source: Source = process.env, options: { localFile?: boolean } = {}): string | undefined {
  if (source[name]) return source[name];
  if (options.localFile === false) return undefined;
  const file = localSecretsFile(source);
  return readSecretsFile(file, SECRET_NAMES)[name];
}

/** True when no database is configured, so `npm start` runs its embedded one. */
export function wantsEmbeddedDatabase(): boolean {
  return !process.env.DATABASE_URL && !process.env.SUPABASE_URL;
}

/** The database this process started itself (useLocalDatabase): kept in memory, not in the
 *  environment, so no deployment can claim it by setting a variable. */
let localDatabaseUrl: string | undefined;

/** Lets `npm start` point the app at the database it started itself. */
export function useLocalDatabase(databaseUrl: string): void {
  process.env.DATABASE_URL = databaseUrl;
  localDatabaseUrl = databaseUrl;
  cached = undefined;
}

/**
 * True when this process serves the local database npm start started (useLocalDatabase), and not
 * in production: there auth.users is the Supabase roles shim's, not Supabase Auth's, so users are
 * made and signed in here. Anything else (a DATABASE_URL set by anyone, SUPABASE_URL) is false.
 */
export function runsOnLocalDatabase(config: Env = env()): boolean {
  return localDatabaseUrl !== undefined && config.DATABASE_URL === localDatabaseUrl && !config.SUPABASE_URL && !isProduction(config);
}

/** Log level without parsing (and so without failing on) the rest of the environment. */
export function logLevel(): Env["LOG_LEVEL"] {
  const parsed = EnvObject.shape.LOG_LEVEL.safeParse(process.env.LOG_LEVEL || undefined);
  return parsed.success ? parsed.data : "info";
}

/** The 32 key bytes of TOKEN_ENCRYPTION_KEY(_PREVIOUS), or undefined when malformed. */
export function decodeKey(value: string): Buffer | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, "hex");
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) return undefined;
  const bytes = Buffer.from(value, "base64");
  return bytes.length === 32 ? bytes : undefined;
}

/** An sb_publishable_ key, or a legacy JWT key whose role is anon (read, not verified: this only
 *  keeps a secret key out of browsers, it grants nothing). */
function isPublicSupabaseKey(value: string): boolean {
  if (value.startsWith("sb_publishable_")) return true;
  const [, payload, signature, ...rest] = value.split(".");
  if (!payload || !signature || rest.length > 0) return false;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    return typeof claims === "object" && claims !== null && "role" in claims && claims.role === "anon";
  } catch {
    return false;
  }
}

function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "postgres:" || url.protocol === "postgresql:") && url.hostname !== "";
  } catch {
    return false;
  }
}

export const DEFAULT_RECEPTIONIST_URL = "http://localhost:3000";

/** The server command-line tools talk to (npm run simulate, npm run cli) unless told otherwise. */
export function receptionistUrl(source: Source = process.env): string {
  return source.RECEPTIONIST_URL || DEFAULT_RECEPTIONIST_URL;
}
