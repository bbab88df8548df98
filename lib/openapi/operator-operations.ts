import { BookingListQuerySchema } from "../bookings/booking-list-query.js";
import { BookingViewSchema } from "../bookings/booking-view.js";
import { BusinessListQuerySchema, CreateBusinessBodySchema, UpdateBusinessBodySchema } from "../businesses/business-requests.js";
import { BusinessViewSchema } from "../businesses/business-view.js";
import { CallListQuerySchema } from "../calls/call-list-query.js";
import { CallDetailsViewSchema, CallViewSchema, TranscriptLineViewSchema } from "../calls/call-view.js";
import { pageSchemaOf } from "../http/page.js";
import { ERROR, operatorErrors, type Named, type Operation } from "./operation.js";

const BUSINESS: Named = { name: "Business", schema: BusinessViewSchema };
const BUSINESS_PAGE: Named = { name: "BusinessPage", schema: pageSchemaOf(BusinessViewSchema) };
export const CALL_PAGE: Named = { name: "CallPage", schema: pageSchemaOf(CallViewSchema) };
export const BOOKING_PAGE: Named = { name: "BookingPage", schema: pageSchemaOf(BookingViewSchema) };
/** Parts of several answers, named once so the document refers to them instead of repeating them. */
export const operatorComponents: Named[] = [
  { name: "Call", schema: CallViewSchema },
  { name: "Booking", schema: BookingViewSchema },
  { name: "TranscriptLine", schema: TranscriptLineViewSchema },
];
const PAGING = "Pages follow each other by cursor: pass the answer's `nextCursor` as `cursor` (with the same filters) until it is null.";

/** The operator API: businesses, their calls and bookings. */
export const operatorOperations: Operation[] = [
  {
    method: "post", path: "/api/businesses", operationId: "createBusiness", tag: "Businesses", auth: "operator",
    summary: "Create a business",
    description: "Unknown fields are refused by name. The business starts active, with the built-in calendar until Cal.com is connected.",
    body: { name: "CreateBusiness", schema: CreateBusinessBodySchema },
    responses: {
      "201": { description: "Created.", json: BUSINESS, headers: { Location: "/api/businesses/{id}" } },
      "409": { description: "Another business already has this phone number (or VAPI phone number id); the message names the field.", json: ERROR },
      ...operatorErrors({ body: true }),
    },
  },
  {
    method: "get", path: "/api/businesses", operationId: "listBusinesses", tag: "Businesses", auth: "operator",
    summary: "List businesses, newest first", description: PAGING,
    query: BusinessListQuerySchema,
    responses: { "200": { description: "One page.", json: BUSINESS_PAGE }, ...operatorErrors() },
  },
  {
    method: "get", path: "/api/businesses/{id}", operationId: "getBusiness", tag: "Businesses", auth: "operator",
    summary: "Show a business",
    responses: { "200": { description: "The business.", json: BUSINESS }, ...operatorErrors({ id: true }) },
  },
  {
    method: "patch", path: "/api/businesses/{id}", operationId: "updateBusiness", tag: "Businesses", auth: "operator",
    summary: "Change a business's settings",
    description: "Send only what changes; null clears an optional setting. `active: false` stops the assistant answering.",
    body: { name: "UpdateBusiness", schema: UpdateBusinessBodySchema },
    responses: {
      "200": { description: "The business as it is now.", json: BUSINESS },
      "409": { description: "Another business already has this phone number (or VAPI phone number id).", json: ERROR },
      ...operatorErrors({ id: true, body: true }),
    },
  },
  {
    method: "get", path: "/api/businesses/{id}/calls", operationId: "listCalls", tag: "Calls", auth: "operator",
    summary: "List a business's calls, newest first",
    description: `Each call comes with the bookings made on it; the transcript is in GET /api/calls/{id}. ${PAGING}`,
    query: CallListQuerySchema,
    responses: { "200": { description: "One page.", json: CALL_PAGE }, ...operatorErrors({ id: true }) },
  },
  {
    method: "get", path: "/api/calls/{id}", operationId: "getCall", tag: "Calls", auth: "operator",
    summary: "Show a call with its transcript and bookings",
    responses: { "200": { description: "The call; transcript lines in the order spoken.", json: { name: "CallDetails", schema: CallDetailsViewSchema } }, ...operatorErrors({ id: true }) },
  },
  {
    method: "get", path: "/api/businesses/{id}/bookings", operationId: "listBookings", tag: "Bookings", auth: "operator",
    summary: "List a business's bookings by appointment time",
    description: `Both calendars: Cal.com bookings made through this service and built-in ones. ${PAGING}`,
    query: BookingListQuerySchema,
    responses: { "200": { description: "One page.", json: BOOKING_PAGE }, ...operatorErrors({ id: true }) },
  },
];
