import { getDatabase } from "../../../lib/db/get-database.js";
import { noStoreJson } from "../../../lib/http/no-store-json.js";
import { requireMember } from "../../../lib/http/require-member.js";
import { respond } from "../../../lib/http/respond.js";

// GET /api/member/businesses – the signed-in member's businesses and role in each (RLS decides).
export function GET(request: Request): Promise<Response> {
  return respond(request, async () => {
    const member = await requireMember(request);
    const items = await (await getDatabase()).asMember(member).businesses();
    return noStoreJson({ items });
  });
}
