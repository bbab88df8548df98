import { MemberBusinessesViewSchema } from "../members/member-businesses-view.js";
import { ERROR, type Operation } from "./operation.js";

/** The member API (the owner dashboard's): each call runs as the signed-in member. */
export const memberOperations: Operation[] = [
  {
    method: "get", path: "/api/member/businesses", operationId: "listMemberBusinesses", tag: "Members", auth: "member",
    summary: "The businesses the signed-in member belongs to, with their role in each",
    description: "Send the member's Supabase Auth access token as `Authorization: Bearer`. Row-level security decides what is listed.",
    responses: {
      "200": { description: "The member's businesses, by name.", json: { name: "MemberBusinesses", schema: MemberBusinessesViewSchema } },
      "401": { description: "No session, or one that is expired, forged or not a signed-in user's; the message says which.", json: ERROR, headers: { "WWW-Authenticate": 'Bearer realm="members"' } },
      "5XX": { description: "Member sign-in not configured, Supabase Auth's keys unreachable, or the database's fault (503); logged with the X-Request-Id.", json: ERROR },
    },
  },
];
