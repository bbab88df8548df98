import { describe, expect, it } from "vitest";
import { ApiError } from "../lib/http/api-error.js";
import { parseVapiEnvelope } from "../lib/vapi/parse-vapi-envelope.js";
import { signVapiBody, verifyVapiRequest } from "../lib/vapi/verify-vapi-request.js";

const SECRET = "test-vapi-secret-0123456789"; // vitest.config.ts
const BODY = JSON.stringify({ message: { type: "status-update", status: "ringing", call: { id: "call-1" } } });
const NOW = new Date("2026-11-26T12:00:00Z");
const seconds = String(Math.floor(NOW.getTime() / 1000));

const verify = (headers: Record<string, string>, body = BODY, now = NOW) => verifyVapiRequest(new Headers(headers), body, now);
const refusal = (headers: Record<string, string>, body = BODY, now = NOW) => {
  try {
    verify(headers, body, now);
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error("the request was accepted");
};

describe("verifyVapiRequest", () => {
  it("accepts the secret as X-Vapi-Secret or as a Bearer token", () => {
    expect(() => verify({ "x-vapi-secret": SECRET })).not.toThrow();
    expect(() => verify({ authorization: `Bearer ${SECRET}` })).not.toThrow();
  });

  it("accepts VAPI's default HMAC signature, with the timestamp in seconds or milliseconds, with or without a sha256= prefix", () => {
    expect(() => verify(signVapiBody(BODY, SECRET, seconds))).not.toThrow();
    expect(() => verify(signVapiBody(BODY, SECRET, String(NOW.getTime())))).not.toThrow();
    const signed = signVapiBody(BODY, SECRET, seconds);
    expect(() => verify({ ...signed, "x-signature": `sha256=${signed["x-signature"]}` })).not.toThrow();
  });

  it.each([
    ["no credentials at all", {}],
    ["a wrong X-Vapi-Secret", { "x-vapi-secret": "not-the-secret-at-all" }],
    ["a wrong Bearer token", { authorization: "Bearer not-the-secret-at-all" }],
    ["the secret as Basic auth", { authorization: `Basic ${SECRET}` }],
    ["a signature without a timestamp", { "x-signature": "00" }],
    ["a signature made with another secret", signVapiBody(BODY, "another-secret-entirely", seconds)],
  ])("refuses %s with 401", (_name, headers) => {
    expect(refusal(headers).status).toBe(401);
  });

  it("refuses a signature over a different body (the bytes, not the JSON meaning, are signed)", () => {
    const signed = signVapiBody(BODY, SECRET, seconds);
    const sameJsonOtherBytes = JSON.stringify(JSON.parse(BODY), null, 2);
    expect(refusal(signed, sameJsonOtherBytes).message).toContain("does not match the body");
  });

  it("refuses a stale or future timestamp, even correctly signed (replay)", () => {
    const old = String(Math.floor(NOW.getTime() / 1000) - 301);
    expect(refusal(signVapiBody(BODY, SECRET, old)).message).toContain("too old");
    const future = String(Math.floor(NOW.getTime() / 1000) + 301);
    expect(refusal(signVapiBody(BODY, SECRET, future)).status).toBe(401);
    const edge = String(Math.floor(NOW.getTime() / 1000) - 299);
    expect(() => verify(signVapiBody(BODY, SECRET, edge))).not.toThrow();
  });
});

describe("parseVapiEnvelope", () => {
  it("reads { message: { type } } and keeps the rest of the message", () => {
    expect(parseVapiEnvelope(BODY).message).toMatchObject({ type: "status-update", status: "ringing", call: { id: "call-1" } });
  });

  it.each([
    ["not JSON", "{not json", "not valid JSON"],
    ["JSON without message", '{"type":"status-update"}', "message"],
    ["a message without type", '{"message":{"status":"ringing"}}', "message.type"],
    ["a type that is not a string", '{"message":{"type":42}}', "message.type"],
    ["an array", "[]", "not a VAPI message"],
  ])("refuses %s with 400 naming the problem", (_name, body, reason) => {
    let error: unknown;
    try {
      parseVapiEnvelope(body);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    expect((error as ApiError).message).toContain(reason);
  });
});
