import { CalcomConnectQuerySchema } from "../../lib/connections/calcom-connect-queries.js";
import { oauthCookie, OAUTH_STATE_TTL_SECONDS } from "../../lib/connections/oauth-cookie.js";
import { startCalcomConnect } from "../../lib/connections/start-calcom-connect.js";
import { getDatabase } from "../../lib/db/get-database.js";
import { htmlPage } from "../../lib/http/html-page.js";
import { publicBaseUrl } from "../../lib/http/public-base-url.js";
import { respondWithPage } from "../../lib/http/respond-with-page.js";
import { searchParamsOf } from "../../lib/http/search-params.js";

const ASK_AGAIN = "Ask the person who sent you this link for a new one.";

// GET /api/calcom/connect?link=… – a business owner opens their connect link; on to Cal.com's consent page.
export function GET(request: Request): Promise<Response> {
  return respondWithPage(request, async () => {
    const { link } = CalcomConnectQuerySchema.parse(searchParamsOf(request));
    const result = await startCalcomConnect(await getDatabase(), { link });
    switch (result.kind) {
      case "redirect":
        return new Response(null, {
          status: 302,
          headers: {
            location: result.location,
            "set-cookie": oauthCookie(result.browserNonce, { secure: publicBaseUrl().startsWith("https:"), maxAgeSeconds: OAUTH_STATE_TTL_SECONDS }),
            "cache-control": "no-store",
          },
        });
      case "invalid_link":
        return htmlPage(400, { expired: "This link has expired", invalid: "This link is not valid", used: "This link has already been used" }[result.reason], [
          {
            expired: "Connect links work for 7 days, and this one is older.",
            invalid: "The link may have been cut short when it was copied.",
            used: "Each connect link connects a calendar once, and this one already did.",
          }[result.reason],
          ASK_AGAIN,
        ]);
      case "unknown_business":
        return htmlPage(404, "This business no longer exists", [ASK_AGAIN]);
      case "not_configured":
        return htmlPage(503, "Cal.com connections are not set up yet", ["The service has no Cal.com OAuth client configured. Please tell the person who sent you this link."]);
    }
  });
}
