/** The fixed operator key of vitest.config.ts. */
export const ADMIN_KEY = "test-admin-key-0123456789abcdef";

/** A Request as an operator's curl would send it (Bearer key, JSON body). */
export function operatorRequest(
  url: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string>; key?: string | null } = {},
): Request {
  const headers: Record<string, string> = { ...init.headers };
  if (init.key !== null) headers.authorization = `Bearer ${init.key ?? ADMIN_KEY}`;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  return new Request(`http://localhost${url}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}
