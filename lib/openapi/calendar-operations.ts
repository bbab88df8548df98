import { z } from "zod";
import { AvailabilityQuerySchema } from "../calendar/availability-query.js";
import { AvailabilityViewSchema } from "../calendar/availability-view.js";
import { BookRequestSchema, IdempotencyKeySchema } from "../calendar/book-request.js";
import { BookingConfirmationSchema, SlotTakenErrorSchema } from "../calendar/booking-confirmation.js";
import { CalcomConnectQuerySchema, CalcomOAuthCallbackQuerySchema } from "../connections/calcom-connect-queries.js";
import { ApiKeyConnectionSchema, DefaultEventTypeSchema } from "../connections/connect-with-api-key.js";
import { ConnectionViewSchema } from "../connections/connection-view.js";
import { ConnectLinkSchema } from "../connections/create-connect-link.js";
import { ErrorBodySchema } from "../http/error-body.js";
import { ERROR, operatorErrors, type Named, type Operation, type ResponseSpec } from "./operation.js";

const CONNECTION: Named = { name: "CalcomConnection", schema: ConnectionViewSchema };
const RATE_LIMITED: ResponseSpec = { description: "Cal.com asked us to slow down; Retry-After says for how long.", json: ERROR, headers: { "Retry-After": "Seconds to wait." } };
const UPSTREAM: ResponseSpec = { description: "Cal.com could not be reached, or did not confirm a booking.", json: ERROR };
const NEEDS_RECONNECT: ResponseSpec = { description: "The business's Cal.com connection must be renewed (send a new connect link).", json: ERROR };
const PAGE = (description: string): ResponseSpec => ({ description, html: true });

/** Connecting Cal.com, and availability and booking in either calendar. */
export const calendarOperations: Operation[] = [
  {
    method: "post", path: "/api/businesses/{id}/connect-link", operationId: "createConnectLink", tag: "Cal.com", auth: "operator",
    summary: "Issue a link for the owner to connect Cal.com",
    description: "Signed, valid for 7 days, connects once. See CALCOM_SETUP.md.",
    responses: { "201": { description: "The link.", json: { name: "ConnectLink", schema: ConnectLinkSchema } }, ...operatorErrors({ id: true }) },
  },
  {
    method: "get", path: "/api/calcom/connect", operationId: "startCalcomConnect", tag: "Cal.com", auth: "none",
    summary: "Start Cal.com OAuth (the owner opens the connect link)",
    query: CalcomConnectQuerySchema,
    responses: {
      "302": { description: "To Cal.com's consent page; sets the browser's OAuth cookie.", headers: { Location: "Cal.com's authorize URL." } },
      "400": PAGE("The link is invalid, expired or already used."),
      "404": PAGE("The business no longer exists."),
      "500": PAGE("Something failed on our side."),
      "503": PAGE("No Cal.com OAuth client is configured."),
    },
  },
  {
    method: "get", path: "/api/calcom/oauth", operationId: "finishCalcomConnect", tag: "Cal.com", auth: "none",
    summary: "Cal.com's OAuth redirect back; stores the connection",
    query: CalcomOAuthCallbackQuerySchema,
    responses: {
      "302": { description: "Connected: on to the owner dashboard's calendar view of the business (/dashboard/?calcom=connected#/b/{id}/calendar), or CALCOM_CONNECTED_URL when set.", headers: { Location: "The page owners land on." } },
      "200": PAGE("The owner declined; nothing was connected."),
      "400": PAGE("The state is expired, forged, used, or from another browser."),
      "500": PAGE("Something failed on our side."),
      "502": PAGE("Cal.com did not complete the token exchange."),
    },
  },
  {
    method: "get", path: "/api/businesses/{id}/calcom", operationId: "getCalcomConnection", tag: "Cal.com", auth: "operator",
    summary: "Show the business's Cal.com connection (never its tokens)",
    responses: { "200": { description: "The connection.", json: CONNECTION }, ...operatorErrors({ id: true }) },
  },
  {
    method: "put", path: "/api/businesses/{id}/calcom", operationId: "connectCalcomApiKey", tag: "Cal.com", auth: "operator",
    summary: "Connect Cal.com with an API key instead of OAuth",
    description: "The key is checked with Cal.com before it is stored (sealed); it never appears in any answer.",
    body: { name: "CalcomApiKeyConnection", schema: ApiKeyConnectionSchema },
    responses: {
      "200": { description: "Connected.", json: CONNECTION },
      "429": RATE_LIMITED,
      "502": UPSTREAM,
      ...operatorErrors({ id: true, body: true }),
    },
  },
  {
    method: "patch", path: "/api/businesses/{id}/calcom", operationId: "setCalcomDefaultEventType", tag: "Cal.com", auth: "operator",
    summary: "Choose the event type callers are booked into",
    body: { name: "CalcomDefaultEventType", schema: DefaultEventTypeSchema },
    responses: { "200": { description: "The connection.", json: CONNECTION }, ...operatorErrors({ id: true, body: true }) },
  },
  {
    method: "get", path: "/api/calcom/availability", operationId: "getAvailability", tag: "Calendar", auth: "operator",
    summary: "Free slots of one local day, in Cal.com or the built-in calendar",
    query: AvailabilityQuerySchema,
    responses: {
      "200": { description: "The day's free slots.", json: { name: "Availability", schema: AvailabilityViewSchema } },
      "404": { description: "No such business.", json: ERROR },
      "409": NEEDS_RECONNECT,
      "429": RATE_LIMITED,
      "502": UPSTREAM,
      ...operatorErrors(),
    },
  },
  {
    method: "post", path: "/api/calcom/book", operationId: "book", tag: "Calendar", auth: "operator",
    summary: "Book a slot, in Cal.com or the built-in calendar",
    headers: { "Idempotency-Key": { schema: IdempotencyKeySchema, description: "Retrying with the same key books once; the replay answers with header Idempotent-Replayed: true." } },
    body: { name: "BookRequest", schema: BookRequestSchema },
    responses: {
      "201": { description: "Booked (or replayed for the same Idempotency-Key).", json: { name: "BookingConfirmation", schema: BookingConfirmationSchema } },
      "404": { description: "No such business.", json: ERROR },
      "409": {
        description: "The slot is taken, past or outside opening hours (reason, with alternatives), or the Cal.com connection must be renewed.",
        json: { name: "BookingConflict", schema: z.union([SlotTakenErrorSchema, ErrorBodySchema]) },
      },
      "422": { description: "The Idempotency-Key was used for a different request.", json: ERROR },
      "429": RATE_LIMITED,
      "502": UPSTREAM,
      ...operatorErrors({ body: true }),
    },
  },
];
