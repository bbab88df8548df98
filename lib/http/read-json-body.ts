import { ApiError } from "./api-error.js";
import { nestingDepth } from "./nesting-depth.js";
import { nulPath } from "./nul-path.js";

/** Operator bodies are small; Vercel itself refuses bodies over 4.5 MB. */
export const DEFAULT_BODY_LIMIT = 100 * 1024;

/** Operator bodies nest three or four levels (businessHours.mon.0.open); JSON.parse takes
 *  thousands, which recursive code after it (zod, JSON.stringify) cannot. */
export const MAX_BODY_DEPTH = 64;

/**
 * Reads at most `limitBytes` of the body and parses it as JSON. The limit is enforced while
 * streaming, so a client that lies in Content-Length (or sends none) cannot make us buffer more.
 * The Content-Type is not required: `curl -d` sends form encoding by default.
 */
export async function readJsonBody(request: Request, limitBytes = DEFAULT_BODY_LIMIT): Promise<unknown> {
  const text = await readTextBody(request, limitBytes);
  if (text.trim() === "") throw new ApiError("bad_request", "request body is empty; send a JSON object");
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    throw new ApiError("bad_request", "request body is not valid JSON");
  }
  if (nestingDepth(body, MAX_BODY_DEPTH) > MAX_BODY_DEPTH) throw new ApiError("bad_request", `body: nested deeper than ${MAX_BODY_DEPTH} levels`);
  const where = nulPath(body, []);
  if (where !== undefined) throw new ApiError("bad_request", `${where || "body"}: must not contain the NUL character (\\u0000), which cannot be stored`);
  return body;
}

export async function readTextBody(request: Request, limitBytes: number): Promise<string> {
  const tooLarge = () => new ApiError("payload_too_large", `request body is larger than ${limitBytes} bytes`);
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limitBytes) throw tooLarge();
  if (!request.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limitBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  // Strict: a lossy decode would store U+FFFD in place of what was sent, and would make an HMAC
  // taken over the bytes that were sent fail as if the signature were wrong.
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new ApiError("bad_request", "request body is not valid UTF-8");
  }
}
