import { z } from "zod";
import { HealthDownSchema, HealthOkSchema } from "../health/check-health.js";
import { VapiAnswerSchema, VapiEnvelopeSchema } from "../vapi/parse-vapi-envelope.js";
import { ERROR, type Operation } from "./operation.js";

/** This document's own answer: an OpenAPI 3.1 object (described by the OpenAPI specification). */
export const OpenApiObjectSchema = z.looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.looseObject({}) });

/** The public routes: health, the VAPI webhook, and this description. */
export const serviceOperations: Operation[] = [
  {
    method: "get", path: "/api/health", operationId: "getHealth", tag: "Service", auth: "none",
    summary: "Is the database reachable, and how many migrations are applied",
    description: "Reports no versions, settings or secrets.",
    responses: {
      "200": { description: "Healthy.", json: { name: "HealthOk", schema: HealthOkSchema } },
      "503": { description: "The database cannot be reached.", json: { name: "HealthDown", schema: HealthDownSchema } },
      "500": { description: "Misconfigured (logged with the X-Request-Id).", json: ERROR },
    },
  },
  {
    method: "post", path: "/api/vapi-webhook", operationId: "vapiWebhook", tag: "VAPI", auth: "vapi",
    summary: "Every message VAPI sends about our calls",
    description:
      "Authenticated on the raw body (X-Vapi-Secret, Authorization: Bearer, or HMAC x-signature + x-timestamp), then handled by `message.type`. " +
      "assistant-request and tool calls always get 200 with something a caller can hear, even when the calendar or database fails.",
    body: { name: "VapiEnvelope", schema: VapiEnvelopeSchema },
    responses: {
      "200": { description: "The answer for the message's type ({} for messages that need none).", json: { name: "VapiAnswer", schema: VapiAnswerSchema } },
      "400": { description: "Not JSON, or not a VAPI message.", json: ERROR },
      "401": { description: "Missing or wrong credentials, or a stale signature.", json: ERROR },
      "413": { description: "Body larger than 4.5 MB.", json: ERROR },
      "5XX": { description: "Our fault, for a message with no caller waiting on it.", json: ERROR },
    },
  },
  {
    method: "get", path: "/api/openapi.json", operationId: "getOpenApi", tag: "Service", auth: "none",
    summary: "This description of the HTTP API (OpenAPI 3.1)",
    responses: { "200": { description: "The document.", json: { name: "OpenApiDocument", schema: OpenApiObjectSchema } } },
  },
];
