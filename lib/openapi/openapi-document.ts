import { z } from "zod";
import { calendarOperations } from "./calendar-operations.js";
import type { Named, Operation, ResponseSpec } from "./operation.js";
import { ID_PARAM } from "./operation.js";
import { operatorMemberOperations } from "./operator-member-operations.js";
import { operatorComponents, operatorOperations } from "./operator-operations.js";
import { memberOperations } from "./member-operations.js";
import { serviceOperations } from "./service-operations.js";
import { signInOperations } from "./sign-in-operations.js";

type JsonObject = Record<string, unknown>;

/** Every route method of api/, described. */
export const operations: Operation[] = [
  ...serviceOperations, ...operatorOperations, ...operatorMemberOperations, ...calendarOperations, ...signInOperations, ...memberOperations,
];

const SECURITY: Record<Operation["auth"], JsonObject[]> = {
  operator: [{ operatorKey: [] }],
  member: [{ memberToken: [] }],
  vapi: [{ vapiSecret: [] }, { vapiBearer: [] }, { vapiSignature: [], vapiTimestamp: [] }],
  none: [],
};

const SECURITY_SCHEMES = {
  operatorKey: { type: "http", scheme: "bearer", description: "ADMIN_API_KEY, for operators." },
  memberToken: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "A business member's Supabase Auth access token (on npm start's embedded database: the session of POST /api/member/sign-in)." },
  vapiSecret: { type: "apiKey", in: "header", name: "X-Vapi-Secret", description: "VAPI_WEBHOOK_SECRET, as VAPI's secret header." },
  vapiBearer: { type: "http", scheme: "bearer", description: "VAPI_WEBHOOK_SECRET, as a VAPI Bearer credential." },
  vapiSignature: { type: "apiKey", in: "header", name: "X-Signature", description: "Hex HMAC-SHA256 of `{x-timestamp}.{raw body}` under VAPI_WEBHOOK_SECRET (optionally prefixed sha256=)." },
  vapiTimestamp: { type: "apiKey", in: "header", name: "X-Timestamp", description: "Unix time of the signature, seconds or milliseconds; 5 minutes' tolerance." },
};

const TAGS = [
  { name: "Businesses", description: "Operators create and configure the businesses whose lines the assistant answers." },
  { name: "Calls", description: "What callers and the assistant said and did." },
  { name: "Bookings", description: "Appointments made by callers or operators." },
  { name: "Cal.com", description: "Connecting a business's Cal.com account (see CALCOM_SETUP.md)." },
  { name: "Calendar", description: "Availability and booking in Cal.com or the built-in calendar." },
  { name: "Business members", description: "Operators decide who may sign in to a business's dashboard, as owner or staff." },
  { name: "VAPI", description: "The voice platform's webhook." },
  { name: "Members", description: "What a business's owners and staff see of it, as themselves: row-level security decides." },
  { name: "Service", description: "Health and this description." },
];

let built: JsonObject | undefined;

/**
 * The OpenAPI 3.1 description of api/, generated from the zod schemas the handlers parse and
 * answer with (z.toJSONSchema, JSON Schema 2020-12, which OpenAPI 3.1 uses as is). Bodies are
 * described as the client sends them (io: input: defaults make a field optional), answers as we
 * send them (io: output). Built once per process.
 */
export function openApiDocument(): JsonObject {
  built ??= buildDocument();
  return built;
}

function buildDocument(): JsonObject {
  const components = new NamedSchemas();
  for (const named of operatorComponents) components.add("output", named);
  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const operation of operations) {
    (paths[operation.path] ??= {})[operation.method] = operationObject(operation, components);
  }
  return {
    openapi: "3.1.1",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: {
      title: "AI receptionist backend",
      version: "1.0.0",
      description:
        "VAPI webhooks, Cal.com connections and the operator API. Errors are `{\"error\": {\"code\", \"message\"}}` with the field named in the message; every answer carries X-Request-Id.",
    },
    tags: TAGS,
    paths,
    components: { schemas: components.toJsonSchemas(), securitySchemes: SECURITY_SCHEMES },
  };
}

function operationObject(operation: Operation, components: NamedSchemas): JsonObject {
  const parameters = [
    ...[...operation.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => parameter(name ?? "", "path", ID_PARAM)),
    ...Object.entries(operation.query?.shape ?? {}).map(([name, schema]) => parameter(name, "query", schema)),
    ...Object.entries(operation.headers ?? {}).map(([name, header]) => parameter(name, "header", header.schema, header.description)),
  ];
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    tags: [operation.tag],
    security: SECURITY[operation.auth],
    ...(parameters.length ? { parameters } : {}),
    ...(operation.body
      ? { requestBody: { required: true, content: { "application/json": { schema: components.add("input", operation.body) } } } }
      : {}),
    responses: Object.fromEntries(Object.entries(operation.responses).map(([status, spec]) => [status, responseObject(spec, components)])),
  };
}

function parameter(name: string, where: "path" | "query" | "header", schema: z.ZodType, description?: string): JsonObject {
  const { description: described, ...json } = jsonSchemaOf(schema, "input");
  const text = description ?? described;
  return {
    name,
    in: where,
    required: where === "path" || !schema.safeParse(undefined).success,
    ...(typeof text === "string" ? { description: text } : {}),
    schema: json,
  };
}

function responseObject(spec: ResponseSpec, components: NamedSchemas): JsonObject {
  const content = spec.json
    ? { "application/json": { schema: components.add("output", spec.json) } }
    : spec.html
      ? { "text/html": { schema: { type: "string" } } }
      : undefined;
  const headers = spec.headers
    ? Object.fromEntries(Object.entries(spec.headers).map(([name, description]) => [name, { description, schema: { type: "string" } }]))
    : undefined;
  return { description: spec.description, ...(headers ? { headers } : {}), ...(content ? { content } : {}) };
}

/** A schema as plain JSON Schema 2020-12. */
function jsonSchemaOf(schema: z.ZodType, io: "input" | "output"): JsonObject {
  return embeddable(z.toJSONSchema(schema, { io, unrepresentable: "throw" }));
}

/** Without what only a standalone schema document carries: its $schema (the document states
 *  the dialect once) and the fragment $id zod gives registry entries (not allowed in 2020-12). */
function embeddable(schema: object): JsonObject {
  const copy: JsonObject = { ...schema };
  delete copy.$schema;
  delete copy.$id;
  return copy;
}

/** components/schemas: each named schema once, referring to the others by $ref. */
class NamedSchemas {
  private readonly registries = { input: z.registry<{ id: string }>(), output: z.registry<{ id: string }>() };
  private readonly taken = new Map<string, z.ZodType>();

  add(io: "input" | "output", { name, schema }: Named): JsonObject {
    const owner = this.taken.get(name);
    if (owner && owner !== schema) throw new Error(`two schemas are named ${name} in the OpenAPI document`);
    if (!owner) {
      this.taken.set(name, schema);
      this.registries[io].add(schema, { id: name });
    }
    return { $ref: `#/components/schemas/${name}` };
  }

  toJsonSchemas(): Record<string, JsonObject> {
    const all: Record<string, JsonObject> = {};
    for (const io of ["input", "output"] as const) {
      const { schemas } = z.toJSONSchema(this.registries[io], { io, unrepresentable: "throw", uri: (id) => `#/components/schemas/${id}` });
      for (const [name, schema] of Object.entries(schemas)) all[name] = embeddable(schema);
    }
    return all;
  }
}
