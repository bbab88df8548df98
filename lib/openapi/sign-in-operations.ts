import { MemberConfigSchema } from "../auth/member-config.js";
import { SignInAnswerSchema, SignInBodySchema } from "../auth/sign-in-with-link.js";
import { ERROR, type Operation } from "./operation.js";

/** How the owner dashboard signs a member in: which way, and the local one-time links. */
export const signInOperations: Operation[] = [
  {
    method: "get", path: "/api/member/config", operationId: "getMemberSignInConfig", tag: "Members", auth: "none",
    summary: "How the dashboard signs members in",
    description:
      "`local` on npm start's embedded database (one-time links it prints); `supabase` with the project URL and its public anon key for supabase-js; " +
      "`none` when neither is configured. Public values only, never a secret.",
    responses: {
      "200": { description: "The sign-in configuration.", json: { name: "MemberSignInConfig", schema: MemberConfigSchema } },
      "5XX": { description: "Misconfigured (logged with the X-Request-Id).", json: ERROR },
    },
  },
  {
    method: "post", path: "/api/member/sign-in", operationId: "signInWithLink", tag: "Members", auth: "none",
    summary: "Turn a one-time sign-in link into a session (npm start's embedded database only)",
    description:
      "The link is `<base>/dashboard/#sign-in=<token>`; send the token (or the whole link). It works once, within 15 minutes. " +
      "The answer's access token is a 12-hour session for the member routes (`Authorization: Bearer`), shaped like a Supabase Auth access token.",
    body: { name: "SignInWithLink", schema: SignInBodySchema },
    responses: {
      "200": { description: "Signed in.", json: { name: "MemberSession", schema: SignInAnswerSchema } },
      "400": { description: "The body is not `{\"link\": \"…\"}`; the message names the field.", json: ERROR },
      "401": { description: "The link was already used, has expired, or is not this server's; the message says which.", json: ERROR, headers: { "WWW-Authenticate": 'Bearer realm="members"' } },
      "404": { description: "Not npm start's embedded database: members sign in through Supabase Auth.", json: ERROR },
      "413": { description: "Body larger than 8 KB.", json: ERROR },
      "5XX": { description: "Our fault or the database's (503 while it is unreachable); logged with the X-Request-Id.", json: ERROR },
    },
  },
];
