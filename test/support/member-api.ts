import path from "node:path";
import { SignJWT } from "jose";
import type postgres from "postgres";
import { loadRouteModule, matchRoute, readRouteTable } from "../../scripts/local-server/route-table.js";
import { documentedBody } from "./openapi-check.js";
import type { ApiAnswer } from "./operator-api.js";
import { templateOf } from "./operator-api.js";
import { repoRoot } from "./run-command.js";
import { insertAuthUser } from "./test-db.js";

// Member routes check tokens as Supabase Auth issues them for a project that signs with HS256 (its
// JWT secret); the database is still reached through DATABASE_URL. Set on import, before
// lib/env.ts first parses the environment (it does so on first use, never at import).
export const MEMBER_SUPABASE_URL = "https://member-project.supabase.co";
const JWT_SECRET = "member-api-test-jwt-secret-0123456789abcdef";
process.env.SUPABASE_URL = MEMBER_SUPABASE_URL;
process.env.SUPABASE_SERVICE_ROLE_KEY = "sb_secret_member_api_test_key_0123456789";
process.env.SUPABASE_JWT_SECRET = JWT_SECRET;

const now = () => Math.floor(Date.now() / 1000);

/** A signed-in user's access token as Supabase Auth issues it; `changes` overrides claims. */
export function memberToken(userId: string, changes: Record<string, unknown> = {}, secret = JWT_SECRET): Promise<string> {
  const claims = { iss: `${MEMBER_SUPABASE_URL}/auth/v1`, aud: "authenticated", sub: userId, role: "authenticated", exp: now() + 3600, iat: now(), ...changes };
  return new SignJWT(claims).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(new TextEncoder().encode(secret));
}

/** A user who belongs to the business with the role given. */
export async function insertMember(sql: postgres.Sql, businessId: string, role: "owner" | "staff"): Promise<string> {
  const userId = await insertAuthUser(sql);
  await sql`insert into public.business_members ${sql({ business_id: businessId, user_id: userId, role })}`;
  return userId;
}

export interface MemberRequestInit {
  method?: string;
  body?: unknown;
  /** The member's access token; null sends no Authorization at all. */
  token: string | null;
  headers?: Record<string, string>;
}

/** A Request as the dashboard's fetch() sends it from our own origin (Bearer token, JSON body). */
export function memberRequest(url: string, init: MemberRequestInit): Request {
  const headers: Record<string, string> = { "sec-fetch-site": "same-origin", ...init.headers };
  if (init.token !== null) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  return new Request(`http://localhost${url}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

const routes = await readRouteTable(path.join(repoRoot, "api"));

/**
 * A member's request to the route file that serves `url`, found as the local server and Vercel
 * map paths to files and handled in-process; every answer is checked against the OpenAPI
 * document (status listed, body valid) before the test sees it.
 */
export async function callMemberApi<Body = unknown>(method: string, url: string, init: Omit<MemberRequestInit, "method">): Promise<ApiAnswer<Body>> {
  const route = matchRoute(routes, new URL(url, "http://localhost").pathname);
  if (!route) throw new Error(`no route file serves ${url}`);
  const handler = (await loadRouteModule(route.file)).get(method);
  if (!handler) throw new Error(`${path.relative(repoRoot, route.file)} has no ${method} handler`);
  const response = await handler(memberRequest(url, { method, ...init }));
  const body = await documentedBody(response, method, templateOf(route.segments));
  return { status: response.status, headers: response.headers, body: body as Body };
}

/** How many database round trips the request took, from the Server-Timing header respond() sets. */
export function roundTripsOf(headers: Headers): number {
  const match = /desc="(\d+) round trips?"/.exec(headers.get("server-timing") ?? "");
  return match ? Number(match[1]) : Number.NaN;
}

/** The message of an error answer. */
export function errorMessage(body: unknown): string {
  const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
  return typeof message === "string" ? message : "";
}
