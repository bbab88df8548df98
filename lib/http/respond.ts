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
    response.headers.set("x-request-id", requestId);
    return response;
  } catch (error) {
    return errorResponse(error, requestId);
  }
}
