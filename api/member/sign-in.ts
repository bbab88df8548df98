import { localSignInSecret } from "../../lib/auth/local-sign-in.js";
import { SignInBodySchema, signInWithLink } from "../../lib/auth/sign-in-with-link.js";
import { getDatabase } from "../../lib/db/get-database.js";
import { ApiError } from "../../lib/http/api-error.js";
import { readJsonBody } from "../../lib/http/read-json-body.js";
import { respond } from "../../lib/http/respond.js";

// POST /api/member/sign-in – a one-time link of npm start's embedded database becomes a session.
export function POST(request: Request): Promise<Response> {
  return respond(request, async () => {
    const secret = localSignInSecret();
    if (!secret) throw new ApiError("not_found", "local sign-in exists only on npm start's embedded database; members sign in through Supabase Auth here (GET /api/member/config says how)");
    const { link } = SignInBodySchema.parse(await readJsonBody(request, 8 * 1024));
    const session = await signInWithLink(await getDatabase(), link, secret);
    return Response.json(session, { headers: { "cache-control": "no-store" } });
  });
}
