import type { AxiosInstance, AxiosStatic } from "axios";
import type { z } from "zod";
import { env } from "../env.js";
import type { CalcomApiVersion } from "./calcom-api-versions.js";
import { CalcomError } from "./calcom-error.js";
import { calcomErrorForResponse } from "./calcom-error-for-response.js";
import { blockCredential, credentialKey, rateLimitRemaining } from "./rate-limit-gate.js";
import { redactSecrets } from "./redact-secrets.js";
import { retryAfterSeconds } from "./retry-after-seconds.js";

export interface CalcomTransportOptions {
  /** Defaults to CALCOM_API_URL. */
  baseUrl?: string;
  /** Per attempt; defaults to 8 s. */
  timeoutMs?: number;
  /** No attempt starts, and none runs, past this instant (e.g. a VAPI tool call's budget). */
  deadline?: Date;
}

export interface CalcomCall<T> {
  method: "GET" | "POST";
  /** Path under the API host, e.g. /v2/slots. */
  path: string;
  version?: CalcomApiVersion;
  params?: Record<string, string | number | undefined>;
  body?: unknown;
  schema: z.ZodType<T>;
}

export interface CalcomTransport {
  send<T>(call: CalcomCall<T>): Promise<T>;
}

export interface CalcomCredential {
  /** Sent as `Authorization: Bearer …` when set (not for the OAuth token endpoint). */
  bearer?: string;
  /** What a 429 is remembered against: the token, or the OAuth client id. */
  rateLimitKey: string;
  /** Scrubbed from every error message: the token, codes, refresh tokens, the client secret. */
  secrets: readonly string[];
}

const DEFAULT_TIMEOUT_MS = 8_000;
/** A read is retried only if at least this much time is left before the deadline. */
const MIN_RETRY_ROOM_MS = 1_000;
const RETRY_PAUSE_MS = 200;

/** axios is loaded with the first Cal.com request, not at import: most webhook requests (status
 *  updates, transcript lines) never call Cal.com, and a cold start should not pay for it. */
let axiosLoaded: Promise<AxiosStatic> | undefined;
const loadAxios = (): Promise<AxiosStatic> => (axiosLoaded ??= import("axios").then((module) => module.default));

type Attempt<T> = { ok: true; value: T } | { ok: false; error: CalcomError; retryable: boolean };

/**
 * The one place requests to Cal.com are made. Statuses are ours to interpret (axios never throws
 * for them); axios throws only for timeouts and network errors, which become CalcomErrors here.
 * Writes are never retried (Cal.com has no idempotency key); a read is retried once after a 5xx
 * or a network error when the deadline leaves room. A timeout is not retried: the attempt already
 * used the time a retry would need.
 */
export function createCalcomTransport(credential: CalcomCredential, options: CalcomTransportOptions = {}): CalcomTransport {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const gate = credentialKey(credential.rateLimitKey);
  const baseURL = options.baseUrl ?? env().CALCOM_API_URL;
  let client: Promise<{ axios: AxiosStatic; http: AxiosInstance }> | undefined;
  const http = () =>
    (client ??= loadAxios().then((axios) => ({
      axios,
      http: axios.create({
        baseURL,
        timeout: timeoutMs,
        headers: { Accept: "application/json", ...(credential.bearer ? { Authorization: `Bearer ${credential.bearer}` } : {}) },
        responseType: "text",
        transformResponse: [(data: unknown) => data],
        validateStatus: () => true,
      }),
    })));
  const remainingMs = () => (options.deadline ? options.deadline.getTime() - Date.now() : Number.POSITIVE_INFINITY);
  const redact = (error: CalcomError) =>
    new CalcomError(error.kind, redactSecrets(error.message, credential.secrets), {
      status: error.status,
      retryAfterSeconds: error.retryAfterSeconds,
      outcomeUnknown: error.outcomeUnknown,
      cause: error.cause,
    });

  async function send<T>(call: CalcomCall<T>): Promise<T> {
    const label = `${call.method} ${call.path}`;
    const blocked = rateLimitRemaining(gate);
    if (blocked !== undefined) {
      throw new CalcomError("rate_limited", `Cal.com rate-limited this credential; not calling ${label} for another ${blocked} s`, {
        retryAfterSeconds: blocked,
      });
    }
    for (let attempt = 1; ; attempt++) {
      const left = remainingMs();
      if (left <= 0) throw new CalcomError("unavailable", `no time left before the deadline to call ${label}`);
      const result = await attemptOnce(await http(), call, label, Math.min(timeoutMs, left));
      if (result.ok) return result.value;
      if (result.error.kind === "rate_limited") blockCredential(gate, result.error.retryAfterSeconds ?? 60);
      const mayRetry = result.retryable && call.method === "GET" && attempt === 1 && remainingMs() >= MIN_RETRY_ROOM_MS + RETRY_PAUSE_MS;
      if (!mayRetry) throw redact(result.error);
      await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
    }
  }

  return { send };
}

async function attemptOnce<T>({ axios, http }: { axios: AxiosStatic; http: AxiosInstance }, call: CalcomCall<T>, label: string, timeout: number): Promise<Attempt<T>> {
  const isWrite = call.method !== "GET";
  let response;
  try {
    response = await http.request<unknown>({
      method: call.method,
      url: call.path,
      params: call.params,
      data: call.body,
      headers: call.version ? { "cal-api-version": call.version } : {},
      // axios's timeout is the socket's idle time; the signal also bounds an answer that trickles in.
      timeout,
      signal: AbortSignal.timeout(timeout),
    });
  } catch (error) {
    if (!axios.isAxiosError(error)) throw error;
    // Only the message and code leave: the AxiosError itself holds the request config and headers (the token).
    const cause = new Error(`${error.code ?? "network error"}: ${error.message}`, { cause: error.cause });
    const timedOut = error.code === "ECONNABORTED" || error.code === "ETIMEDOUT" || error.code === "ERR_CANCELED";
    const what = timedOut ? `did not answer ${label} within ${timeout} ms` : `could not be reached for ${label} (${error.code ?? error.message})`;
    return { ok: false, retryable: !timedOut, error: new CalcomError("unavailable", `Cal.com ${what}`, { cause, outcomeUnknown: isWrite }) };
  }
  const body = parseJson(response.data);
  if (response.status >= 200 && response.status < 300) return parseSuccess(call, label, body);
  const headers = headerRecord(response.headers);
  const error = calcomErrorForResponse({
    status: response.status,
    body: body === MALFORMED ? undefined : body,
    label,
    isWrite,
    retryAfterSeconds: response.status === 429 ? retryAfterSeconds(headers) : undefined,
  });
  return { ok: false, retryable: response.status >= 500, error };
}

function parseSuccess<T>(call: CalcomCall<T>, label: string, body: unknown): Attempt<T> {
  const outcomeUnknown = call.method !== "GET";
  if (body === MALFORMED) {
    return { ok: false, retryable: false, error: new CalcomError("unavailable", `Cal.com answered ${label} with something that is not JSON`, { outcomeUnknown }) };
  }
  const parsed = call.schema.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join(".") || "(body)"}: ${issue.message}`)
    .join("; ");
  return {
    ok: false,
    retryable: false,
    error: new CalcomError("unavailable", `Cal.com answered ${label} with a body we do not understand (${issues})`, { cause: parsed.error, outcomeUnknown }),
  };
}

const MALFORMED = Symbol("malformed JSON");

function parseJson(data: unknown): unknown {
  if (typeof data !== "string") return data;
  if (data.trim() === "") return undefined;
  try {
    return JSON.parse(data);
  } catch {
    return MALFORMED;
  }
}

function headerRecord(headers: object): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === "string" || typeof value === "number") record[name.toLowerCase()] = String(value);
    else if (Array.isArray(value)) record[name.toLowerCase()] = value.join(", ");
  }
  return record;
}
