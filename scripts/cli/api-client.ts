import { z } from "zod";
import { ErrorBodySchema } from "../../lib/http/error-body.js";
import { CliError } from "./cli-error.js";
import { EXIT, exitCodeForStatus } from "./exit-codes.js";
import { jsonOrUndefined } from "../json-or-undefined.js";

/** An answer of the API: `raw` exactly as the server sent it (what --json prints), `data` parsed
 *  with the response schema the server itself answers with. */
export interface ApiAnswer<T> {
  raw: unknown;
  data: T;
}

export type Query = Record<string, string | number | undefined>;

export interface ApiClient {
  baseUrl: string;
  get<S extends z.ZodType>(path: string, schema: S, query?: Query): Promise<ApiAnswer<z.output<S>>>;
  post<S extends z.ZodType>(path: string, schema: S, body?: unknown): Promise<ApiAnswer<z.output<S>>>;
  patch<S extends z.ZodType>(path: string, schema: S, body: unknown): Promise<ApiAnswer<z.output<S>>>;
  /** For routes that answer 204 No Content. */
  delete(path: string): Promise<void>;
}

/** Long enough for a cold serverless function and its database; short enough that a hung
 *  server does not hang a script. */
const TIMEOUT_MS = 30_000;

/**
 * The operator API over fetch, with the admin key as Bearer token. An error answer becomes a
 * CliError carrying the server's message, the request id and the exit code its status means; an
 * unreachable server or an answer that is not what the API describes is exit 1.
 */
export function createApiClient(options: { baseUrl: string; key: string }): ApiClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");

  async function request<S extends z.ZodType>(method: string, path: string, schema: S, init: { query?: Query; body?: unknown }): Promise<ApiAnswer<z.output<S>>> {
    const url = new URL(`${baseUrl}${path}`);
    for (const [name, value] of Object.entries(init.query ?? {})) if (value !== undefined) url.searchParams.set(name, String(value));
    const headers: Record<string, string> = { authorization: `Bearer ${options.key}`, accept: "application/json" };
    if (init.body !== undefined) headers["content-type"] = "application/json";
    let response: Response;
    try {
      response = await fetch(url, { method, headers, body: init.body === undefined ? undefined : JSON.stringify(init.body), signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (error) {
      throw new CliError(`cannot reach ${baseUrl} (${networkReason(error)})`, EXIT.failed, "Is the server running (npm start)? Point --url or RECEPTIONIST_URL at it.");
    }
    const requestId = response.headers.get("x-request-id");
    const text = await response.text().catch(() => "");
    const raw = jsonOrUndefined(text);
    if (!response.ok) throw errorOf(method, url.pathname, response.status, raw, requestId);
    const parsed = schema.safeParse(raw);
    // An empty body is what a 204 has; only a schema that expects nothing takes it.
    if ((raw === undefined && text !== "") || !parsed.success) {
      const reason = raw === undefined ? "not JSON" : parsed.error?.issues.slice(0, 3).map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
      throw new CliError(`${method} ${url.pathname} answered ${response.status} with an unexpected body (${reason})${requestIdNote(requestId)}`, EXIT.failed, "Is --url pointing at this service, and is it the same version as this CLI?");
    }
    return { raw, data: parsed.data };
  }

  return {
    baseUrl,
    get: (path, schema, query) => request("GET", path, schema, { query }),
    post: (path, schema, body) => request("POST", path, schema, { body }),
    patch: (path, schema, body) => request("PATCH", path, schema, { body }),
    delete: async (path) => void (await request("DELETE", path, z.undefined(), {})),
  };
}

/** A path segment from a user-given id, so "../x" stays one segment. */
export function segment(value: string): string {
  return encodeURIComponent(value);
}

function errorOf(method: string, path: string, status: number, raw: unknown, requestId: string | null): CliError {
  const body = ErrorBodySchema.safeParse(raw);
  const what = body.success ? `${body.data.error.message} (${status} ${body.data.error.code}${requestId ? `, request id ${requestId}` : ""})` : `${method} ${path} answered ${status}${requestIdNote(requestId)}`;
  const hint = status === 401 ? "Check the admin key: --key, ADMIN_API_KEY, or the key npm start printed." : undefined;
  return new CliError(what, exitCodeForStatus(status), hint);
}

function requestIdNote(requestId: string | null): string {
  return requestId ? ` (request id ${requestId})` : "";
}


/** ECONNREFUSED, a DNS failure, a timeout: what fetch's "fetch failed" hides in its cause. */
function networkReason(error: unknown): string {
  if (error instanceof DOMException && error.name === "TimeoutError") return `no answer within ${TIMEOUT_MS / 1000} s`;
  const cause = error instanceof Error ? error.cause : undefined;
  const code = cause && typeof cause === "object" && "code" in cause ? String(cause.code) : undefined;
  if (code) return code;
  return error instanceof Error ? (cause instanceof Error ? cause.message : error.message) : String(error);
}
