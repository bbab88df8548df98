import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { z } from "zod";
import { checkBody, checkHeaders, checkPathParams, checkQuery, OperationSchema, templatePattern, type Operation, type OutgoingRequest } from "./calcom-request-checks.js";
import { isJsonObject, toJsonSchema, type Dialect, type Json, type JsonObject } from "./openapi-schema-dialect.js";

/**
 * The Cal.com API v2 spec (a verbatim copy in test/fixtures/, provenance beside it) as a judge of
 * the requests our code sends and the answers our fake gives. Kept in the repository so a clone
 * anywhere can run the tests. Loaded once per test file (vitest gives each file its own modules).
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const CALCOM_SPEC_PATH = path.resolve(repoRoot, "test", "fixtures", "calcom-openapi-v2.json");

const SpecSchema = z.object({
  openapi: z.string().startsWith("3.0"),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
  components: z.object({ schemas: z.record(z.string(), z.json()) }),
});

/** Cal.com's exception filter (reference/calcom.md §7); the spec documents no error responses. */
const NEST_ERROR: JsonObject = {
  type: "object",
  required: ["status", "error"],
  additionalProperties: false,
  properties: {
    status: { const: "error" },
    timestamp: { type: "string", format: "date-time" },
    path: { type: "string" },
    error: {
      type: "object",
      required: ["code", "message"],
      additionalProperties: false,
      properties: { code: { type: "string" }, message: { type: "string" }, details: {} },
    },
  },
};
/** RFC 6749 §5.2, as the token endpoint answers its own refusals (reference/calcom.md §1.2). */
const OAUTH_ERROR: JsonObject = {
  type: "object",
  required: ["error"],
  additionalProperties: false,
  properties: {
    error: { enum: ["invalid_request", "invalid_client", "invalid_grant", "unauthorized_client", "unsupported_grant_type", "invalid_scope"] },
    error_description: { type: "string" },
  },
};
const TOKEN_OPERATION = "POST /v2/auth/oauth2/token";

/**
 * Where this spec is wrong about what Cal.com sends, and what we check instead:
 * GET /v2/slots documents the `data` member as the whole body (its own example and description
 * show `{status, data}`), so the body is checked as `{status: "success", data: <that schema>}`.
 */
const DATA_ONLY_RESPONSES = new Set(["GET /v2/slots 200"]);

export type { OutgoingRequest };

export interface CalcomSpec {
  /** "GET /v2/bookings/{bookingUid}" style key of the operation serving this request, if any. */
  operationKey(method: string, pathname: string): string | undefined;
  hasOperation(key: string): boolean;
  /** Everything about the request that the spec does not allow; empty when it conforms. */
  checkRequest(request: OutgoingRequest): string[];
  /** Everything wrong with a canned answer; errors (≥ 400) are checked against Cal.com's error shapes. */
  checkResponse(key: string, status: number, body: Json | undefined): string[];
}

let loaded: CalcomSpec | undefined;

export function loadCalcomSpec(): CalcomSpec {
  loaded ??= createCalcomSpec(readSpec());
  return loaded;
}

function readSpec(): z.infer<typeof SpecSchema> {
  if (!existsSync(CALCOM_SPEC_PATH)) {
    throw new Error(
      `Cal.com OpenAPI spec not found at ${CALCOM_SPEC_PATH}; restore it from git (test/fixtures/)`,
    );
  }
  return SpecSchema.parse(JSON.parse(readFileSync(CALCOM_SPEC_PATH, "utf8")));
}

function createCalcomSpec(spec: z.infer<typeof SpecSchema>): CalcomSpec {
  const ajv = new Ajv({ strict: true, strictTypes: false, allErrors: true, allowUnionTypes: true });
  addFormats.default(ajv);
  ajv.addFormat("phone", /^\+?[0-9][0-9 ().-]{4,}$/);
  for (const dialect of ["request", "response"] as const) {
    const definitions = Object.fromEntries(
      Object.entries(spec.components.schemas).map(([name, schema]) => [name, toJsonSchema(schema, dialect, rootIdOf(dialect))]),
    );
    ajv.addSchema({ $id: rootIdOf(dialect), definitions });
  }
  const validators = new Map<string, ValidateFunction>();
  const validatorFor = (cacheKey: string, schema: Json, dialect: Dialect | "plain") => {
    let validate = validators.get(cacheKey);
    if (!validate) {
      const jsonSchema = dialect === "plain" ? schema : toJsonSchema(schema, dialect, rootIdOf(dialect));
      if (typeof jsonSchema !== "boolean" && !isJsonObject(jsonSchema)) throw new Error(`not a schema: ${cacheKey}`);
      validate = ajv.compile(jsonSchema);
      validators.set(cacheKey, validate);
    }
    return validate;
  };
  const check = (cacheKey: string, schema: Json, dialect: Dialect | "plain", value: Json | undefined, what: string): string[] => {
    const validate = validatorFor(cacheKey, schema, dialect);
    if (validate(value)) return [];
    return (validate.errors ?? []).slice(0, 8).map((e) => `${what}${e.instancePath || ""}: ${e.message ?? "invalid"} ${JSON.stringify(e.params)}`);
  };

  const templates = Object.keys(spec.paths)
    .map((template) => ({ template, pattern: templatePattern(template), params: (template.match(/\{/g) ?? []).length }))
    .sort((a, b) => a.params - b.params);
  const operationOf = (key: string): Operation | undefined => {
    const [method = "", template = ""] = key.split(" ");
    const raw = spec.paths[template]?.[method.toLowerCase()];
    return raw === undefined ? undefined : OperationSchema.parse(raw);
  };
  const operationKey = (method: string, pathname: string) => {
    const match = templates.find(({ template, pattern }) => pattern.test(pathname) && spec.paths[template]?.[method.toLowerCase()] !== undefined);
    return match ? `${method.toUpperCase()} ${match.template}` : undefined;
  };

  return {
    operationKey,
    hasOperation: (key) => operationOf(key) !== undefined,
    checkRequest(request) {
      const key = operationKey(request.method, request.url.pathname);
      if (!key) return [`${request.method} ${request.url.pathname}: no such operation in the Cal.com v2 spec`];
      const operation = operationOf(key);
      if (!operation) return [`${key}: no such operation`];
      return [
        ...checkHeaders(key, operation.parameters, request.headers),
        ...checkQuery(key, operation.parameters, request.url.searchParams, check),
        ...checkPathParams(key, operation.parameters, request.url.pathname, check),
        ...checkBody(key, operation, request, check),
      ].map((problem) => `${key}: ${problem}`);
    },
    checkResponse(key, status, body) {
      const operation = operationOf(key);
      if (!operation) return [`${key}: no such operation in the Cal.com v2 spec`];
      const documented = operation.responses[String(status)];
      if (documented) {
        const schema = documented.content?.["application/json"]?.schema;
        if (schema === undefined) return body === undefined ? [] : [`${key} ${status}: the spec answers no body, the fake sent one`];
        const wrapped: Json = DATA_ONLY_RESPONSES.has(`${key} ${status}`)
          ? { type: "object", required: ["status", "data"], properties: { status: { enum: ["success"] }, data: schema } }
          : schema;
        return check(`response ${key} ${status}`, wrapped, "response", body, `${key} ${status} response`);
      }
      if (status >= 400) {
        const errorShape = key === TOKEN_OPERATION ? { anyOf: [OAUTH_ERROR, NEST_ERROR] } : NEST_ERROR;
        return check(`error ${key === TOKEN_OPERATION}`, errorShape, "plain", body, `${key} ${status} error body`);
      }
      return [`${key}: the spec documents no ${status} answer (it has ${Object.keys(operation.responses).join(", ")})`];
    },
  };
}

function rootIdOf(dialect: Dialect): string {
  return `calcom-v2-${dialect}`;
}
