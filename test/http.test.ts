import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DbError } from "../lib/db/db-errors.js";
import { ApiError } from "../lib/http/api-error.js";
import { readJsonBody } from "../lib/http/read-json-body.js";
import { requireAdmin } from "../lib/http/require-admin.js";
import { respond } from "../lib/http/respond.js";

const ADMIN_KEY = "test-admin-key-0123456789abcdef"; // vitest.config.ts

const request = (init?: RequestInit & { headers?: Record<string, string> }) => new Request("http://localhost/api/x", init);

async function errorOf(thrown: unknown): Promise<{ status: number; body: { error: { code: string; message: string } }; headers: Headers }> {
  const response = await respond(request(), async () => {
    throw thrown;
  });
  return { status: response.status, body: (await response.json()) as never, headers: response.headers };
}

describe("respond", () => {
  it("stamps the caller's request id on a successful response", async () => {
    const response = await respond(request({ headers: { "x-request-id": "abc-123" } }), async () => Response.json({ ok: true }));
    expect(response.headers.get("x-request-id")).toBe("abc-123");
  });

  it("replaces an unsafe request id with a fresh one", async () => {
    const response = await respond(request({ headers: { "x-request-id": "<script>" } }), async () => new Response("ok"));
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("maps ApiError to its status with the error body shape", async () => {
    const { status, body } = await errorOf(new ApiError("conflict", "phone number already used"));
    expect(status).toBe(409);
    expect(body).toEqual({ error: { code: "conflict", message: "phone number already used" } });
  });

  it("maps zod errors to 400 naming each field", async () => {
    const result = z.object({ name: z.string(), hours: z.object({ mon: z.array(z.string()) }) }).safeParse({ hours: { mon: [1] } });
    const { status, body } = await errorOf(result.error);
    expect(status).toBe(400);
    expect(body.error.code).toBe("bad_request");
    expect(body.error.message).toContain("name:");
    expect(body.error.message).toContain("hours.mon.0:");
  });

  it.each([
    ["unique_violation", 409, "conflict"],
    ["not_found", 404, "not_found"],
    ["invalid_input", 400, "bad_request"],
    ["unavailable", 503, "unavailable"],
    ["unexpected", 500, "internal"],
  ] as const)("maps a database %s to %i", async (kind, status, code) => {
    const result = await errorOf(new DbError(kind, "relation secret_internal_table broke"));
    expect(result.status).toBe(status);
    expect(result.body.error.code).toBe(code);
    if (status >= 500) expect(result.body.error.message).not.toContain("secret_internal_table");
  });

  it("hides the message of an unexpected error behind a generic 500 with a request id", async () => {
    const { status, body, headers } = await errorOf(new Error("password=hunter2 in a stack trace"));
    expect(status).toBe(500);
    expect(body).toEqual({ error: { code: "internal", message: "internal error" } });
    expect(headers.get("x-request-id")).toBeTruthy();
  });
});

describe("readJsonBody", () => {
  const post = (body: BodyInit, headers: Record<string, string> = {}) => request({ method: "POST", body, headers });

  it("parses a JSON body whatever its content type", async () => {
    expect(await readJsonBody(post('{"a":1}', { "content-type": "application/x-www-form-urlencoded" }))).toEqual({ a: 1 });
  });

  it("refuses invalid JSON and empty bodies with 400", async () => {
    await expect(readJsonBody(post("{not json"))).rejects.toMatchObject({ code: "bad_request", message: "request body is not valid JSON" });
    await expect(readJsonBody(post("  "))).rejects.toMatchObject({ code: "bad_request" });
  });

  it("refuses a body whose declared length is over the limit without reading it", async () => {
    await expect(readJsonBody(post("{}", { "content-length": "2000" }), 1000)).rejects.toMatchObject({ code: "payload_too_large" });
  });

  it("refuses a streamed body that grows past the limit", async () => {
    const chunk = new TextEncoder().encode("x".repeat(600));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 5) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const streamed = new Request("http://localhost/api/x", { method: "POST", body: stream, duplex: "half" } as RequestInit);
    await expect(readJsonBody(streamed, 1000)).rejects.toMatchObject({ code: "payload_too_large" });
    expect(sent).toBeLessThan(5);
  });
});

describe("requireAdmin", () => {
  it("accepts the operator key as a Bearer token", () => {
    expect(() => requireAdmin(request({ headers: { authorization: `Bearer ${ADMIN_KEY}` } }))).not.toThrow();
  });

  it.each([
    ["no header", {}],
    ["a wrong key", { authorization: "Bearer wrong-key-wrong-key-wrong-key" }],
    ["the key with one character changed", { authorization: `Bearer ${ADMIN_KEY.slice(0, -1)}x` }],
    ["the key as Basic auth", { authorization: `Basic ${ADMIN_KEY}` }],
    ["a prefix of the key", { authorization: `Bearer ${ADMIN_KEY.slice(0, 10)}` }],
  ])("refuses %s with 401 and a Bearer challenge", async (_name, headers) => {
    const response = await respond(request({ headers }), async () => {
      requireAdmin(request({ headers }));
      return new Response("should not get here");
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toContain("Bearer");
  });
});

describe("respond with a response whose headers are immutable", () => {
  it("still stamps the request id on a redirect", async () => {
    const response = await respond(request({ headers: { "x-request-id": "redirect-1" } }), async () => Response.redirect("https://example.com/next", 302));
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("https://example.com/next");
    expect(response.headers.get("x-request-id")).toBe("redirect-1");
  });
});

describe("NUL in operator input", () => {
  it("is refused by the path of the field that holds it, in bodies and query strings", async () => {
    const { readJsonBody } = await import("../lib/http/read-json-body.js");
    const { searchParamsOf } = await import("../lib/http/search-params.js");
    const body = (json: string) => readJsonBody(new Request("https://x.example/api", { method: "POST", body: json }));
    await expect(body(JSON.stringify({ name: "ok", businessHours: { mon: [{ open: "09:00", close: "17\u000000" }] } }))).rejects.toThrow("businessHours.mon.0.close: must not contain the NUL character");
    await expect(body(JSON.stringify({ "na\u0000me": "x" }))).rejects.toThrow("na\\u0000me: must not contain the NUL character");
    await expect(body(JSON.stringify({ name: "fine" }))).resolves.toEqual({ name: "fine" });
    expect(() => searchParamsOf(new Request("https://x.example/api?status=ended&phone=%2B1%00"))).toThrow("phone: must not contain the NUL character");
  });
});

describe("deeply nested JSON", () => {
  const nested = (levels: number, inner = "1") => `${'{"a":'.repeat(levels)}${inner}${"}".repeat(levels)}`;
  const post = (body: string) => new Request("https://x.example/api", { method: "POST", body });

  it("is read up to 64 levels and refused beyond, naming the body", async () => {
    await expect(readJsonBody(post(nested(64)))).resolves.toBeTypeOf("object");
    await expect(readJsonBody(post(nested(65)))).rejects.toMatchObject({ code: "bad_request", message: "body: nested deeper than 64 levels" });
    await expect(readJsonBody(post(`${"[".repeat(50_000)}${"]".repeat(50_000)}`))).rejects.toMatchObject({ message: "body: nested deeper than 64 levels" });
  });

  it("is measured, searched for NUL and cut without recursion, at any depth", async () => {
    const { nestingDepth } = await import("../lib/http/nesting-depth.js");
    const { nulPath } = await import("../lib/http/nul-path.js");
    const { cutDeepNesting } = await import("../lib/http/cut-deep-nesting.js");
    expect([nestingDepth(1), nestingDepth([]), nestingDepth([{}]), nestingDepth({ a: [1, { b: [] }], c: {} })]).toEqual([0, 1, 2, 4]);
    const deep = JSON.parse(nested(100_000, '"x\\u0000"')) as unknown;
    expect(nestingDepth(deep)).toBe(100_000);
    expect(nestingDepth(deep, 64)).toBe(65);
    expect(nulPath(deep, [])).toBe(Array.from({ length: 100_000 }, () => "a").join("."));
    // The first field in order, whether its key or its value holds the NUL.
    expect(nulPath({ a: { b: "x\u0000" }, "c\u0000": 1 }, [])).toBe("a.b");
    expect(nulPath({ a: "fine", "c\u0000": "x\u0000" }, ["body"])).toBe("body.c\\u0000");
    expect(cutDeepNesting(deep, 3, "cut")).toBe(1);
    expect(deep).toEqual({ a: { a: { a: "cut" } } });
    const wide = { keep: 1, list: [[["deep"], "flat"], ["shallow"]] };
    expect(cutDeepNesting(wide, 3, "cut")).toBe(1);
    expect(wide).toEqual({ keep: 1, list: [["cut", "flat"], ["shallow"]] });
  });
});

describe("security headers", () => {
  const expected = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "content-security-policy": "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  };
  const securityHeadersOf = (response: Response) => Object.fromEntries(Object.keys(expected).map((name) => [name, response.headers.get(name)]));

  it("are on every answer respond() gives, errors and redirects included, over a handler's own", async () => {
    expect(securityHeadersOf(await respond(request(), async () => Response.json({ ok: true }, { headers: { "referrer-policy": "unsafe-url" } })))).toEqual(expected);
    expect(securityHeadersOf(await respond(request(), async () => Response.redirect("https://example.com/next", 302)))).toEqual(expected);
    const failed = await respond(request(), async () => {
      throw new ApiError("bad_request", "name: Too small");
    });
    expect(failed.status).toBe(400);
    expect(securityHeadersOf(failed)).toEqual(expected);
  });

  it("are on every page and redirect respondWithPage() gives, its own error page included", async () => {
    const { respondWithPage } = await import("../lib/http/respond-with-page.js");
    const { htmlPage } = await import("../lib/http/html-page.js");
    const page = await respondWithPage(request(), async () => htmlPage(400, "This link is not valid", ["Ask for a new one."]));
    expect(securityHeadersOf(page)).toEqual(expected);
    expect(await page.text()).toContain('<link rel="stylesheet" href="/page.css">');
    const redirect = await respondWithPage(request(), async () => new Response(null, { status: 302, headers: { location: "https://app.cal.com/auth/oauth2/authorize?x=1" } }));
    expect({ status: redirect.status, ...securityHeadersOf(redirect) }).toEqual({ status: 302, ...expected });
    const broken = await respondWithPage(request(), async () => {
      throw new Error("boom");
    });
    expect({ status: broken.status, ...securityHeadersOf(broken) }).toEqual({ status: 500, ...expected });
  });
});
