// Calls to the member API (/api/member/…) as the signed-in member. The database decides what
// they may see (RLS): a business or call that is not theirs answers 404, a write by staff 403.
import { accessToken } from "./session.js";

/** The session is missing, expired or refused: the page shows sign-in again. */
export class SignedOut extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = "SignedOut";
  }
}

/** An error answer: `{"error": {"code", "message"}}` with the HTTP status. */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {{ code?: string, message?: string, field?: string }} error
   */
  constructor(status, error) {
    super(error.message ?? `HTTP ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.code = error.code ?? "unknown";
    this.field = error.field;
  }

  /**
   * The message split by the field each part names ("businessHours.mon.0.close: must be HH:MM;
   * name: Too small" → {"businessHours.mon.0.close": …, name: …}); what names no field is under "".
   * @returns {Map<string, string>}
   */
  fieldErrors() {
    /** @type {Map<string, string>} */
    const fields = new Map();
    for (const part of this.message.split("; ")) {
      const match = /^([A-Za-z][\w.]*): (.+)$/.exec(part);
      const field = match?.[1] ?? this.field ?? "";
      const text = match?.[2] ?? part;
      fields.set(field, fields.has(field) ? `${fields.get(field)}; ${text}` : text);
    }
    return fields;
  }
}

/**
 * @param {string} path under /api/member/
 * @param {{ method?: string, body?: unknown, signal?: AbortSignal, query?: Record<string, string | undefined> }} [options]
 * @returns {Promise<any>}
 */
export async function api(path, options = {}) {
  const token = await accessToken();
  if (!token) throw new SignedOut("Please sign in.");
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(options.query ?? {})) if (value) query.set(name, value);
  const url = `/api/member/${path}${query.size ? `?${query}` : ""}`;
  /** @type {Record<string, string>} */
  const headers = { authorization: `Bearer ${token}` };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(url, {
    method: options.method ?? "GET",
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
    cache: "no-store",
    credentials: "omit",
  });
  const body = await response.json().catch(() => ({}));
  if (response.status === 401) throw new SignedOut(body?.error?.message ?? "Your session has ended. Please sign in again.");
  if (!response.ok) throw new ApiError(response.status, body?.error ?? {});
  return body;
}

/**
 * The path of one business's resource.
 * @param {string} businessId
 * @param {string} rest
 */
export function businessPath(businessId, rest) {
  return `businesses/${encodeURIComponent(businessId)}/${rest}`;
}
