import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { expect } from "vitest";
import { z } from "zod";
import { openApiDocument } from "../../lib/openapi/openapi-document.js";

const DOC_ID = "https://receptionist.test/openapi.json";

const MediaSchema = z.object({ schema: z.looseObject({}).optional() });
const ResponseObjectSchema = z.object({ description: z.string(), content: z.record(z.string(), MediaSchema).optional() });
const OperationObjectSchema = z.looseObject({ responses: z.record(z.string(), ResponseObjectSchema) });
export const DocumentSchema = z.looseObject({
  paths: z.record(z.string(), z.record(z.string(), OperationObjectSchema)),
  components: z.looseObject({ schemas: z.record(z.string(), z.looseObject({})) }),
});
export type Document = z.infer<typeof DocumentSchema>;

/**
 * Ajv (JSON Schema 2020-12, strict) over the document's components: refs to
 * #/components/schemas/X resolve to the same schemas registered under DOC_ID.
 */
export function schemaValidator(document: Document = DocumentSchema.parse(openApiDocument())) {
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
  addFormats.default(ajv);
  const relocate = (schema: unknown): object => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${DOC_ID}#/$defs/`)) as object;
  ajv.addSchema({ $id: DOC_ID, $defs: relocate(document.components.schemas) });
  const compiled = new Map<string, ValidateFunction>();
  return {
    ajv,
    /** Compiles a schema taken from the document (a $ref or inline). */
    validatorFor(schema: object): ValidateFunction {
      const key = JSON.stringify(schema);
      let validate = compiled.get(key);
      if (!validate) compiled.set(key, (validate = ajv.compile(relocate(schema))));
      return validate;
    },
  };
}

let shared: { document: Document; validator: ReturnType<typeof schemaValidator> } | undefined;

/**
 * Checks a real response against what the OpenAPI document says `method path` answers: its
 * status must be documented (exactly or as a range such as 5XX), its content type must match,
 * and a JSON body must validate against the documented schema. Returns the body.
 */
export async function documentedBody(response: Response, method: string, path: string): Promise<unknown> {
  shared ??= (() => {
    const document = DocumentSchema.parse(openApiDocument());
    return { document, validator: schemaValidator(document) };
  })();
  const operation = shared.document.paths[path]?.[method.toLowerCase()];
  expect(operation, `${method} ${path} is not in the OpenAPI document`).toBeDefined();
  const status = String(response.status);
  const documented = operation?.responses[status] ?? operation?.responses[`${status[0]}XX`];
  expect(documented, `${method} ${path} answered ${status}, which the document does not list`).toBeDefined();
  const text = await response.text();
  const json = documented?.content?.["application/json"];
  if (!json) {
    if (documented?.content?.["text/html"]) expect(response.headers.get("content-type")).toContain("text/html");
    return text;
  }
  expect(response.headers.get("content-type")).toContain("application/json");
  const body = JSON.parse(text) as unknown;
  const validate = shared.validator.validatorFor(json.schema ?? {});
  expect(validate(body), `${method} ${path} ${status}: ${shared.validator.ajv.errorsText(validate.errors)}\n${text.slice(0, 2000)}`).toBe(true);
  return body;
}
