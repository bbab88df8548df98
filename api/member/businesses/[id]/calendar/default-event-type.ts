import { getDatabase } from "../../../../../lib/db/get-database.js";
import { noStoreJson } from "../../../../../lib/http/no-store-json.js";
import { businessIdFrom } from "../../../../../lib/http/path-param.js";
import { readJsonBody } from "../../../../../lib/http/read-json-body.js";
import { requireMember } from "../../../../../lib/http/require-member.js";
import { requireSameSite } from "../../../../../lib/http/require-same-site.js";
import { respond } from "../../../../../lib/http/respond.js";
import { DefaultEventTypeBodySchema } from "../../../../../lib/members/default-event-type-body.js";
import { setMemberDefaultEventType } from "../../../../../lib/members/set-member-default-event-type.js";

// PUT /api/member/businesses/{id}/calendar/default-event-type – an owner chooses the event type callers are booked into.
export function PUT(request: Request): Promise<Response> {
  return respond(request, async () => {
    requireSameSite(request);
    const member = await requireMember(request);
    const businessId = businessIdFrom(request);
    const { eventTypeId } = DefaultEventTypeBodySchema.parse(await readJsonBody(request));
    return noStoreJson(await setMemberDefaultEventType((await getDatabase()).asMember(member), businessId, eventTypeId));
  });
}
