import { createHash, timingSafeEqual } from "node:crypto";
import { env } from "../env.js";
import { ApiError } from "./api-error.js";
import { bearerToken } from "./bearer-token.js";

/**
 * Operator endpoints: `Authorization: Bearer <ADMIN_API_KEY>`. Both sides are hashed first so the
 * comparison is constant-time whatever the lengths, and the key's length does not leak either.
 */
export function requireAdmin(request: Request): void {
  const token = bearerToken(request.headers.get("authorization"));
  const challenge = { headers: { "www-authenticate": 'Bearer realm="operator API"' } };
  if (!token) {
    throw new ApiError("unauthorized", "missing operator credentials: send Authorization: Bearer <ADMIN_API_KEY>", challenge);
  }
  if (!sameSecret(token, env().ADMIN_API_KEY)) {
    throw new ApiError("unauthorized", "the operator key is not valid", challenge);
  }
}

export function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();
  return timingSafeEqual(digest(given), digest(expected));
}
