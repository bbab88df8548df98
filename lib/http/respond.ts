import { errorResponse } from "./error-response.js";
import { requestIdOf } from "./request-id.js";

export interface RequestContext {
  requestId: string;
}

/**
 * Wraps a route handler: gives it a request id, stamps the id on the response, and turns whatever
 * it throws into a response through errorResponse. Routes contain no try/catch of their own.
 */
export async function respond(
  request: Request,
  handler: (context: RequestContext) => Promise<Response>,
): Promise<Response> {
  const requestId = requestIdOf(request);
  try {
    const response = await handler({ requestId });
    // Copy the headers: a Response from fetch() or Response.redirect() has immutable ones.
    const headers = new Headers(response.headers);
    headers.set("x-request-id", requestId);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  } catch (error) {
    return errorResponse(error, requestId);
  }
}
