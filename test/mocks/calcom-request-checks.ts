import { z } from "zod";
import { isJsonObject, type Dialect, type Json } from "./openapi-schema-dialect.js";

/** The parts of an OpenAPI operation the checks read. */
const ParameterSchema = z.object({ name: z.string(), in: z.string(), required: z.boolean().optional(), schema: z.json().optional() });
const MediaSchema = z.record(z.string(), z.object({ schema: z.json().optional() }));
export const OperationSchema = z.object({
  parameters: z.array(ParameterSchema).default([]),
  requestBody: z.object({ required: z.boolean().optional(), content: MediaSchema }).optional(),
  responses: z.record(z.string(), z.object({ content: MediaSchema.optional() })),
});
export type Operation = z.infer<typeof OperationSchema>;
type Parameter = z.infer<typeof ParameterSchema>;

export interface OutgoingRequest {
  method: string;
  url: URL;
  headers: Headers;
  bodyText: string;
}

/**
 * Public endpoints that declare no Authorization header, where we send the business's credential
 * anyway: unauthenticated calls share a per-IP limit (reference/calcom.md §3).
 */
const CREDENTIAL_WELCOME = new Set(["GET /v2/slots"]);

export type Check = (cacheKey: string, schema: Json, dialect: Dialect, value: Json | undefined, what: string) => string[];

export function checkHeaders(key: string, parameters: Parameter[], headers: Headers): string[] {
  const problems: string[] = [];
  const declared = (name: string) => parameters.find((p) => p.in === "header" && p.name.toLowerCase() === name);
  const version = declared("cal-api-version");
  const sentVersion = headers.get("cal-api-version");
  if (version) {
    const expected = isJsonObject(version.schema) ? version.schema.default : undefined;
    if (sentVersion === null && version.required) problems.push(`cal-api-version header missing (the spec requires ${String(expected)})`);
    else if (sentVersion !== null && sentVersion !== expected) problems.push(`cal-api-version is ${sentVersion}, the spec's is ${String(expected)}`);
  } else if (sentVersion !== null) {
    problems.push(`sends cal-api-version ${sentVersion}, which this operation does not take`);
  }
  const auth = declared("authorization");
  const sentAuth = headers.get("authorization");
  if (sentAuth === null && auth?.required) problems.push("Authorization header missing");
  if (sentAuth !== null && !/^Bearer \S+$/.test(sentAuth)) problems.push("Authorization is not `Bearer <token>`");
  if (sentAuth !== null && !auth && !CREDENTIAL_WELCOME.has(key)) problems.push("sends an Authorization header this operation does not take");
  return problems;
}

export function checkQuery(key: string, parameters: Parameter[], query: URLSearchParams, check: Check): string[] {
  const problems: string[] = [];
  const declared = parameters.filter((p) => p.in === "query");
  for (const name of new Set(query.keys())) {
    if (!declared.some((p) => p.name === name)) problems.push(`query parameter ${name} is not in the spec`);
  }
  for (const parameter of declared) {
    const values = query.getAll(parameter.name);
    if (values.length === 0) {
      if (parameter.required) problems.push(`required query parameter ${parameter.name} missing`);
      continue;
    }
    const schema = parameter.schema ?? {};
    const value = coerceQueryValue(values, schema);
    problems.push(...check(`query ${key} ${parameter.name}`, schema, "request", value, `query ${parameter.name}`));
  }
  return problems;
}

/** Query strings carry text: read numbers, booleans and (comma-separated) arrays as the schema types them. */
function coerceQueryValue(values: string[], schema: Json): Json {
  const type = isJsonObject(schema) ? schema.type : undefined;
  const one = values[0] ?? "";
  if (type === "array") return values.flatMap((v) => v.split(","));
  if (type === "number" || type === "integer") return one.trim() === "" ? one : Number.isFinite(Number(one)) ? Number(one) : one;
  if (type === "boolean") return one === "true" ? true : one === "false" ? false : one;
  return values.length === 1 ? one : values;
}

export function checkPathParams(key: string, parameters: Parameter[], pathname: string, check: Check): string[] {
  const template = key.slice(key.indexOf(" ") + 1);
  const names = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? "");
  const values = templatePattern(template).exec(pathname)?.slice(1) ?? [];
  return names.flatMap((name, index) => {
    const parameter = parameters.find((p) => p.in === "path" && p.name === name);
    if (!parameter) return [`path parameter ${name} is not declared`];
    const raw = decodeURIComponent(values[index] ?? "");
    const value = coerceQueryValue([raw], parameter.schema ?? {});
    return check(`path ${key} ${name}`, parameter.schema ?? {}, "request", value, `path ${name}`);
  });
}

export function checkBody(key: string, operation: Operation, request: OutgoingRequest, check: Check): string[] {
  const hasBody = request.bodyText.trim() !== "";
  if (!operation.requestBody) return hasBody ? ["sends a body this operation does not take"] : [];
  if (!hasBody) return operation.requestBody.required ? ["the request body is required"] : [];
  const contentType = (request.headers.get("content-type") ?? "").split(";")[0]?.trim() ?? "";
  const media = operation.requestBody.content[contentType];
  if (!media) return [`content-type ${contentType || "(none)"} is not one of ${Object.keys(operation.requestBody.content).join(", ")}`];
  let body: Json;
  try {
    body = z.json().parse(JSON.parse(request.bodyText));
  } catch {
    return ["the body is not JSON"];
  }
  return media.schema === undefined ? [] : check(`body ${key}`, media.schema, "request", body, "body");
}

export function templatePattern(template: string): RegExp {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "([^/]+)");
  return new RegExp(`^${escaped}$`);
}

