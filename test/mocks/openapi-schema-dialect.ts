import type { z } from "zod";

export type Json = z.core.util.JSONType;
export type JsonObject = { [key: string]: Json };

/**
 * Which side of the wire a schema judges:
 * - request: what WE send. Objects with `properties` are closed (additionalProperties: false), as
 *   Cal.com's validation pipe rejects unknown fields ("property duration should not exist",
 *   reference/calcom.md §4.4); that is also what makes a token body with both client_secret and
 *   code_verifier match none of the four token request schemas.
 * - response: what the FAKE answers. Objects stay open (Cal.com may add fields). A bare
 *   `{type: "object"}` (no properties) accepts any value: NestJS's generator writes "object" for
 *   literal and union types, e.g. booking fields' `isDefault: true` and `slotInterval: 15`.
 */
export type Dialect = "request" | "response";

export const isJsonObject = (value: Json | undefined): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** OpenAPI 3.0 keywords that are annotations only (or unknown to JSON Schema). */
const DROPPED = new Set(["example", "discriminator", "externalDocs", "xml", "nullable"]);
const SUBSCHEMA = new Set(["items", "additionalProperties", "not"]);
const SUBSCHEMA_LISTS = new Set(["allOf", "anyOf", "oneOf"]);

/**
 * Turns an OpenAPI 3.0 schema into JSON Schema (draft-07) that Ajv validates:
 * - `nullable: true` → anyOf with `{type: "null"}`;
 * - `oneOf` → `anyOf`: the spec's alternatives overlap (no discriminators; e.g. a plain booking
 *   body is also a valid CreateRecurringBookingInput, and an empty slots map matches both formats),
 *   so "exactly one" would reject every real payload;
 * - `$ref: #/components/schemas/X` → `<rootId>#/definitions/X`; keywords beside a $ref are ignored,
 *   as OpenAPI 3.0 says;
 * - annotation keywords (`example`, `discriminator`, …) are dropped.
 */
export function toJsonSchema(schema: Json, dialect: Dialect, rootId: string): Json {
  if (!isJsonObject(schema)) return schema;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DROPPED.has(key)) continue;
    if (key === "$ref" && typeof value === "string") out.$ref = value.replace("#/components/schemas/", `${rootId}#/definitions/`);
    else if (key === "properties" && isJsonObject(value)) {
      out.properties = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, toJsonSchema(sub, dialect, rootId)]));
    } else if (SUBSCHEMA.has(key) && isJsonObject(value)) out[key] = toJsonSchema(value, dialect, rootId);
    else if (SUBSCHEMA_LISTS.has(key) && Array.isArray(value)) out[key === "oneOf" ? "anyOf" : key] = value.map((sub) => toJsonSchema(sub, dialect, rootId));
    else out[key] = value;
  }
  const shaped = typeof out.$ref === "string" ? { $ref: out.$ref } : closeOrOpen(out, dialect);
  return schema.nullable === true ? { anyOf: [shaped, { type: "null" }] } : shaped;
}

function closeOrOpen(schema: JsonObject, dialect: Dialect): JsonObject {
  if (dialect === "request" && isJsonObject(schema.properties) && schema.additionalProperties === undefined) {
    return { ...schema, additionalProperties: false };
  }
  if (dialect === "response" && isBareObject(schema)) {
    return Object.fromEntries(Object.entries(schema).filter(([key]) => key !== "type"));
  }
  return schema;
}

function isBareObject(schema: JsonObject): boolean {
  const shaping = ["properties", "additionalProperties", "patternProperties", "items", "allOf", "anyOf", "enum", "$ref"];
  return schema.type === "object" && !shaping.some((key) => key in schema);
}
