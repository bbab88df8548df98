import { delay, http, HttpResponse, type HttpHandler } from "msw";
import { afterEach, beforeEach, expect } from "vitest";
import { z } from "zod";
import { env } from "../../lib/env.js";
import { server } from "../support/msw-server.js";
import type { CalcomAnswer } from "./calcom-answers.js";
import { defaultBehaviour, initialCalcomState, issueTokens, type CalcomState } from "./calcom-behaviour.js";
import { loadCalcomSpec } from "./calcom-spec.js";
import type { Json } from "./openapi-schema-dialect.js";

/** The Cal.com v2 operations our code uses; each must exist in the spec (checked when the fake is made). */
export const CALCOM_OPERATIONS = [
  "GET /v2/me",
  "GET /v2/event-types",
  "GET /v2/event-types/{eventTypeId}",
  "GET /v2/slots",
  "POST /v2/bookings",
  "GET /v2/bookings",
  "POST /v2/bookings/{bookingUid}/cancel",
  "POST /v2/bookings/{bookingUid}/reschedule",
  "POST /v2/auth/oauth2/token",
] as const;
export type CalcomOperation = (typeof CALCOM_OPERATIONS)[number];

export interface RecordedRequest {
  operation: CalcomOperation;
  method: string;
  url: URL;
  headers: Headers;
  /** The JSON body, if there was one. */
  body: Json | undefined;
}

export type Responder = (request: RecordedRequest, state: CalcomState) => CalcomAnswer | Promise<CalcomAnswer>;

export interface CalcomFake {
  /** Every request that reached the fake, in order, including refused ones. */
  readonly requests: RecordedRequest[];
  /** Requests or canned answers that break the spec; a test with any fails. */
  readonly violations: string[];
  readonly state: CalcomState;
  requestsTo(operation: CalcomOperation): RecordedRequest[];
  /** From now until the end of the test, answer `operation` with this instead of the default behaviour. */
  answer(operation: CalcomOperation, answer: CalcomAnswer | Responder): void;
  /** Tokens as if issued at an earlier connect: the refresh token works once. */
  issueTokens(): { accessToken: string; refreshToken: string };
}

/**
 * msw acting as Cal.com for one test file. Before each test: a fresh account (two event types,
 * no bookings) behind handlers that check every request against the v2 spec (path, method,
 * cal-api-version, Authorization, query, JSON body) and every answer against the spec's response
 * schema (or Cal.com's error shapes). A violation is recorded and answered with 599, and the test
 * fails after it even if the code under test swallowed the 599.
 */
export function installCalcomFake(): CalcomFake {
  const spec = loadCalcomSpec();
  for (const operation of CALCOM_OPERATIONS) {
    if (!spec.hasOperation(operation)) throw new Error(`${operation} is not an operation of the Cal.com v2 spec`);
  }
  const requests: RecordedRequest[] = [];
  const violations: string[] = [];
  let state = initialCalcomState();

  const handlerFor = (operation: CalcomOperation, respond: Responder): HttpHandler => {
    const [method = "", template = ""] = operation.split(" ");
    const url = `${env().CALCOM_API_URL.replace(/\/$/, "")}${template.replace(/\{(\w+)\}/g, ":$1")}`;
    const resolver = async ({ request }: { request: Request }) => {
      const bodyText = await request.clone().text();
      const recorded: RecordedRequest = { operation, method: request.method, url: new URL(request.url), headers: request.headers, body: jsonOrUndefined(bodyText) };
      requests.push(recorded);
      const requestProblems = spec.checkRequest({ method: request.method, url: recorded.url, headers: request.headers, bodyText });
      if (requestProblems.length > 0) return refuse(violations, requestProblems);
      const answer = await respond(recorded, state);
      if ("networkError" in answer) return HttpResponse.error();
      const answerProblems = "rawBody" in answer ? [] : spec.checkResponse(operation, answer.status, answer.body);
      if (answerProblems.length > 0) return refuse(violations, answerProblems);
      if (answer.delayMs !== undefined) await delay(answer.delayMs);
      if ("rawBody" in answer) {
        return new HttpResponse(answer.rawBody, { status: answer.status, headers: { "content-type": "application/json", ...answer.headers } });
      }
      if (answer.body === undefined) return new HttpResponse(null, { status: answer.status, headers: answer.headers });
      if (answer.trickleMs !== undefined) {
        const headers = { "content-type": "application/json", ...answer.headers };
        return new HttpResponse(trickle(JSON.stringify(answer.body), answer.trickleMs), { status: answer.status, headers });
      }
      return HttpResponse.json(answer.body, { status: answer.status, headers: answer.headers });
    };
    return method === "GET" ? http.get(url, resolver) : http.post(url, resolver);
  };
  const defaults = (): HttpHandler[] =>
    CALCOM_OPERATIONS.map((operation) => {
      const behaviour = defaultBehaviour[operation];
      if (!behaviour) throw new Error(`no default behaviour for ${operation}`);
      return handlerFor(operation, (request, current) => behaviour(current, request));
    });

  beforeEach(() => {
    state = initialCalcomState();
    requests.length = 0;
    violations.length = 0;
    server.use(...defaults());
  });
  afterEach(() => {
    expect(violations.splice(0), "requests or canned answers that break the Cal.com v2 spec").toEqual([]);
  });

  return {
    requests,
    violations,
    get state() {
      return state;
    },
    requestsTo: (operation) => requests.filter((r) => r.operation === operation),
    answer(operation, answer) {
      server.use(handlerFor(operation, typeof answer === "function" ? answer : () => answer));
    },
    issueTokens() {
      const tokens = z.object({ access_token: z.string(), refresh_token: z.string() }).parse(issueTokens(state));
      return { accessToken: tokens.access_token, refreshToken: tokens.refresh_token };
    },
  };
}

function trickle(text: string, pauseMs: number): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  const size = Math.ceil(bytes.length / 10);
  let offset = 0;
  return new ReadableStream({
    async pull(controller) {
      if (offset >= bytes.length) return controller.close();
      await delay(pauseMs);
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
}

function refuse(violations: string[], problems: string[]): Response {
  violations.push(...problems);
  return new HttpResponse(`Cal.com spec violation:\n${problems.join("\n")}`, { status: 599 });
}

function jsonOrUndefined(text: string): Json | undefined {
  if (text.trim() === "") return undefined;
  try {
    const parsed = z.json().safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
