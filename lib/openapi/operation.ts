import type { z } from "zod";
import { ErrorBodySchema } from "../http/error-body.js";
import { IdParamSchema } from "../http/path-param.js";

/** A schema the document names under components/schemas (and refers to by $ref). */
export interface Named {
  name: string;
  schema: z.ZodType;
}

export interface ResponseSpec {
  description: string;
  /** A JSON body; omitted for redirects and pages. */
  json?: Named;
  /** An HTML page for a person in a browser. */
  html?: true;
  headers?: Record<string, string>;
}

/**
 * One route method as the OpenAPI document describes it. The schemas are the very ones the
 * handler parses its input with and builds its answer from, so the two cannot drift apart.
 */
export interface Operation {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** The public path with {param} placeholders, e.g. /api/businesses/{id}. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  auth: "operator" | "member" | "vapi" | "none";
  query?: z.ZodObject;
  headers?: Record<string, { schema: z.ZodType; description: string }>;
  body?: Named;
  /** Keyed by status or range ("5XX"). */
  responses: Record<string, ResponseSpec>;
}

export const ERROR: Named = { name: "Error", schema: ErrorBodySchema };

/** The path parameter of every /{id} route. */
export const ID_PARAM = IdParamSchema;

/** The errors every operator route can answer with, beside its own. */
export function operatorErrors(options: { id?: boolean; body?: boolean } = {}): Record<string, ResponseSpec> {
  return {
    "400": { description: options.body || options.id ? "Malformed input; the message names the field or parameter (`id: must be a uuid`)." : "Malformed query; the message names the parameter.", json: ERROR },
    "401": { description: "Missing or wrong operator key (`Authorization: Bearer <ADMIN_API_KEY>`).", json: ERROR, headers: { "WWW-Authenticate": 'Bearer realm="operator API"' } },
    ...(options.id ? { "404": { description: "No such resource.", json: ERROR } } : {}),
    ...(options.body ? { "413": { description: "Body larger than 100 KB.", json: ERROR } } : {}),
    "5XX": { description: "Our fault or the database's (503 while it is unreachable); logged with the X-Request-Id.", json: ERROR },
  };
}
