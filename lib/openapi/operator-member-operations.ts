import { SignInLinkSchema } from "../auth/create-sign-in-link.js";
import { AddedMemberSchema, BusinessMemberListSchema } from "../members/business-member-view.js";
import { AddMemberBodySchema } from "../members/member-requests.js";
import { ERROR, operatorErrors, type Operation } from "./operation.js";

/** The operator API's side of the owner dashboard: who may sign in to a business, as what. */
export const operatorMemberOperations: Operation[] = [
  {
    method: "get", path: "/api/businesses/{id}/members", operationId: "listBusinessMembers", tag: "Business members", auth: "operator",
    summary: "List who may sign in to a business's dashboard",
    description: "Owners first, then by email. Every member at once: a business has few.",
    responses: { "200": { description: "The members.", json: { name: "BusinessMemberList", schema: BusinessMemberListSchema } }, ...operatorErrors({ id: true }) },
  },
  {
    method: "post", path: "/api/businesses/{id}/members", operationId: "addBusinessMember", tag: "Business members", auth: "operator",
    summary: "Add a member by email, or change their role",
    description:
      "Idempotent: the same email again is the same membership (201 when new, 200 after), with the role sent. " +
      "On Supabase, an email nobody has yet is invited through Supabase Auth, which emails a link to /dashboard/; an email already registered gets no mail. " +
      "On npm start's embedded database the user is made locally and the answer carries `signInUrl`, a one-time link.",
    body: { name: "AddBusinessMember", schema: AddMemberBodySchema },
    responses: {
      "201": { description: "Added.", json: { name: "AddedBusinessMember", schema: AddedMemberSchema } },
      "200": { description: "Already a member; the role is now the one sent.", json: { name: "AddedBusinessMember", schema: AddedMemberSchema } },
      "409": { description: "The user was deleted while being added; send it again.", json: ERROR },
      "429": { description: "Supabase Auth is sending too many emails; try later.", json: ERROR },
      ...operatorErrors({ id: true, body: true }),
    },
  },
  {
    method: "delete", path: "/api/businesses/{id}/members/{userId}", operationId: "removeBusinessMember", tag: "Business members", auth: "operator",
    summary: "Take a member off a business",
    description: "Their user stays (with any other business of theirs); a session they hold sees this business no more.",
    responses: { "204": { description: "Removed." }, ...operatorErrors({ id: true }) },
  },
  {
    method: "post", path: "/api/businesses/{id}/members/{userId}/sign-in-link", operationId: "createMemberSignInLink", tag: "Business members", auth: "operator",
    summary: "A one-time sign-in link for a member (npm start's embedded database only)",
    description: "Opens the dashboard signed in as the member; it works once, within 15 minutes. Elsewhere members sign in through Supabase Auth, and this is a 404.",
    responses: { "201": { description: "A fresh link.", json: { name: "MemberSignInLink", schema: SignInLinkSchema } }, ...operatorErrors({ id: true }) },
  },
];
