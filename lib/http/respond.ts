import { countRoundTrips } from "../db/round-trips.js";
import { errorResponse } from "./error-response.js";
import { requestIdOf } from "./request-id.js";
import { setSecurityHeaders } from "./security-headers.js";

export interface RequestContext {
  requestId: string;
}

/**
 * Wraps a route handler: gives it a request id, stamps the id (and the database round trips it
 * took) and the security headers on the response, and turns whatever it throws into a response
 * through errorResponse.
 * Routes contain no try/catch of their own.
 */
export async function respond(
  request: Request,
  handler: (context: RequestContext) => Promise<Response>,
): Promise<Response> {
  const requestId = requestIdOf(request);
  const { result: response, roundTrips, dbMs } = await countRoundTrips(async () => {
    try {
      return await handler({ requestId });
    } catch (error) {
      return errorResponse(error, requestId);
    }
  });
  // Copy the headers: a Response from fetch() or Response.redirect() has immutable ones.
  const headers = setSecurityHeaders(new Headers(response.headers));
  headers.set("x-request-id", requestId);
  // How many database round trips the request took, and how long they took (the benchmark reads it).
  headers.set("server-timing", `db;dur=${dbMs.toFixed(1)};desc="${roundTrips} round trip${roundTrips === 1 ? "" : "s"}"`);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
