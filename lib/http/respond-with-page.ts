import { log } from "../log.js";
import { htmlPage } from "./html-page.js";
import { requestIdOf } from "./request-id.js";
import { withSecurityHeaders } from "./security-headers.js";

/**
 * respond() for routes a person opens in a browser (the Cal.com connect pages): anything thrown
 * becomes a page that says what to do, never a JSON error, with the details in the log. Pages and
 * redirects alike carry the security headers.
 */
export async function respondWithPage(request: Request, handler: () => Promise<Response>): Promise<Response> {
  const requestId = requestIdOf(request);
  try {
    return withSecurityHeaders(await handler());
  } catch (error) {
    log.error("page_failed", { requestId, error });
    return withSecurityHeaders(
      htmlPage(500, "Something went wrong on our side", [
        "Nothing was connected. Please try again in a few minutes.",
        `If it keeps happening, tell the person who sent you the link and mention this code: ${requestId}.`,
      ]),
    );
  }
}
