import { env } from "../../lib/env.js";
import { CalcomOAuthCallbackQuerySchema } from "../../lib/connections/calcom-connect-queries.js";
import { finishCalcomConnect } from "../../lib/connections/finish-calcom-connect.js";
import { cookieValue, OAUTH_COOKIE, oauthCookie } from "../../lib/connections/oauth-cookie.js";
import { getDatabase } from "../../lib/db/get-database.js";
import { htmlPage } from "../../lib/http/html-page.js";
import { publicBaseUrl } from "../../lib/http/public-base-url.js";
import { respondWithPage } from "../../lib/http/respond-with-page.js";
import { searchParamsOf } from "../../lib/http/search-params.js";

const START_AGAIN = "Open the connect link you were sent once more to start again. If it has expired, ask for a new one.";

/** The dashboard's calendar view of the business with the outcome in the query, where the page
 *  reads it (and takes it out of the address). */
function dashboardCalendarUrl(base: string, businessId: string): string {
  return `${base}/dashboard/?calcom=connected#/b/${encodeURIComponent(businessId)}/calendar`;
}

// GET /api/calcom/oauth?code&state – Cal.com sends the owner back here after the consent page.
export function GET(request: Request): Promise<Response> {
  return respondWithPage(request, async () => {
    const query = CalcomOAuthCallbackQuerySchema.parse(searchParamsOf(request));
    const result = await finishCalcomConnect(await getDatabase(), {
      code: query.code,
      state: query.state,
      error: query.error,
      browserNonce: cookieValue(request, OAUTH_COOKIE),
    });
    const base = publicBaseUrl();
    // The attempt is over whatever happened: the browser's nonce is of no further use.
    const clear = { "set-cookie": oauthCookie("", { secure: base.startsWith("https:"), maxAgeSeconds: 0 }) };
    switch (result.kind) {
      case "connected":
        // The owner's dashboard, on this business's calendar view, says it is connected (after
        // sign-in, if this browser has no session yet), unless the operator sends owners elsewhere.
        return new Response(null, { status: 302, headers: { ...clear, location: env().CALCOM_CONNECTED_URL ?? dashboardCalendarUrl(base, result.businessId), "cache-control": "no-store" } });
      case "denied":
        return htmlPage(200, "Cal.com was not connected", ["You chose not to give access to your Cal.com calendar, so nothing was connected.", START_AGAIN], clear);
      case "invalid_state":
        return htmlPage(400, "This connection attempt cannot be used", [
          {
            expired: "It took longer than 10 minutes to come back from Cal.com.",
            forged: "The answer from Cal.com could not be verified.",
            used: "This attempt was already used, or it expired.",
            other_browser: "You came back in a different browser (or with cookies blocked) from the one that started.",
          }[result.reason],
          START_AGAIN,
        ], clear);
      case "exchange_failed":
        return htmlPage(502, "Cal.com did not complete the connection", ["Cal.com did not accept the request to finish connecting, or could not be reached. Nothing was saved.", START_AGAIN], clear);
    }
  });
}
