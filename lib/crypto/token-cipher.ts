import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";
import { decodeKey, env } from "../env.js";
import { decodeBase64Url } from "./decode-base64url.js";

/**
 * Cal.com OAuth tokens and API keys at rest: AES-256-GCM with a fresh 12-byte IV per value and the
 * full 16-byte tag. The additional authenticated data names the business and the column, so a
 * ciphertext copied to another business's row or into another column does not open.
 * Stored as `v1.<base64url(iv || tag || ciphertext)>` plus a key id, which says which key sealed it
 * so TOKEN_ENCRYPTION_KEY can be rotated (the old key moves to TOKEN_ENCRYPTION_KEY_PREVIOUS).
 */

/** What a sealed value is for; each is bound into the ciphertext. Add one per new column. */
export type TokenPurpose = "calcom_access_token" | "calcom_refresh_token" | "calcom_api_key";
export type TokenContext = { businessId: string; purpose: TokenPurpose };
export type SealedToken = { ciphertext: string; keyId: string };
export type TokenCipherKeys = { current: Buffer; previous?: Buffer | undefined };

export type TokenCipher = {
  seal(plaintext: string, context: TokenContext): SealedToken;
  open(sealed: SealedToken, context: TokenContext): string;
  /** False for values sealed with the previous key: the caller should seal them again. */
  isCurrentKey(keyId: string): boolean;
};

export type TokenCipherFailure =
  | "invalid_key" // a key is not 32 bytes (configuration)
  | "invalid_input" // nothing to seal, or a context without a business
  | "unknown_key" // sealed with a key that is neither the current nor the previous one
  | "malformed" // not something seal() produced
  | "authentication_failed"; // altered, or sealed for another business, purpose or key

/** Messages are fixed texts: they never carry the plaintext, the ciphertext or a key. */
export class TokenCipherError extends Error {
  constructor(readonly reason: TokenCipherFailure, message: string) {
    super(message);
    this.name = "TokenCipherError";
  }
}

const VERSION = "v1";
const ALGORITHM = "aes-256-gcm";
const IV_BYTES = 12; // the size GCM is designed for (NIST SP 800-38D); random IVs are safe far below 2^32 values per key
const TAG_BYTES = 16;

export function createTokenCipher(keys: TokenCipherKeys): TokenCipher {
  const current = keyEntry(keys.current);
  const byId = new Map([[current.id, current.key]]);
  if (keys.previous) {
    const previous = keyEntry(keys.previous);
    if (!byId.has(previous.id)) byId.set(previous.id, previous.key);
  }

  return {
    seal(plaintext, context) {
      const bytes = Buffer.from(plaintext, "utf8");
      // An empty token is always a bug upstream; a lone surrogate would not survive the UTF-8 round trip.
      if (bytes.length === 0 || bytes.toString("utf8") !== plaintext) {
        throw new TokenCipherError("invalid_input", "refusing to seal an empty or non-UTF-8 token");
      }
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(ALGORITHM, current.key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(associatedData(context));
      const body = Buffer.concat([cipher.update(bytes), cipher.final()]);
      const packed = Buffer.concat([iv, cipher.getAuthTag(), body]);
      return { ciphertext: `${VERSION}.${packed.toString("base64url")}`, keyId: current.id };
    },

    open(sealed, context) {
      const key = byId.get(sealed.keyId);
      if (!key) {
        throw new TokenCipherError("unknown_key", "the token was sealed with a key that is not configured (TOKEN_ENCRYPTION_KEY or TOKEN_ENCRYPTION_KEY_PREVIOUS)");
      }
      const { iv, tag, body } = unpack(sealed.ciphertext);
      const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(associatedData(context));
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
      } catch {
        throw new TokenCipherError("authentication_failed", "the sealed token does not open: it was altered, or sealed for another business or purpose");
      }
    },

    isCurrentKey: (keyId) => keyId === current.id,
  };
}

/**
 * A public name for a key, stored next to each ciphertext: short and stable, and (an HMAC of a
 * fixed label under the key) it tells nothing about the key beyond whether two keys are equal.
 */
function keyEntry(key: Buffer): { id: string; key: Buffer } {
  if (key.length !== 32) throw new TokenCipherError("invalid_key", "an AES-256 key must be exactly 32 bytes");
  const copy = Buffer.from(key);
  return { id: createHmac("sha256", copy).update("token-cipher key id v1").digest("hex").slice(0, 16), key: copy };
}

/** JSON keeps the parts apart whatever characters a business id holds. */
function associatedData({ businessId, purpose }: TokenContext): Buffer {
  if (businessId === "") throw new TokenCipherError("invalid_input", "a sealed token must belong to a business");
  return Buffer.from(JSON.stringify([VERSION, businessId, purpose]), "utf8");
}

function unpack(ciphertext: string): { iv: Buffer; tag: Buffer; body: Buffer } {
  const packed = ciphertext.startsWith(`${VERSION}.`) ? decodeBase64Url(ciphertext.slice(VERSION.length + 1)) : undefined;
  if (!packed || packed.length <= IV_BYTES + TAG_BYTES) {
    throw new TokenCipherError("malformed", `the sealed token is not in the ${VERSION} format`);
  }
  return {
    iv: packed.subarray(0, IV_BYTES),
    tag: packed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES),
    body: packed.subarray(IV_BYTES + TAG_BYTES),
  };
}

let fromEnv: TokenCipher | undefined;

/** The cipher for TOKEN_ENCRYPTION_KEY (+ _PREVIOUS), built on first use and kept for the process. */
function envCipher(): TokenCipher {
  fromEnv ??= createTokenCipher({ current: envKey(env().TOKEN_ENCRYPTION_KEY), previous: optionalEnvKey(env().TOKEN_ENCRYPTION_KEY_PREVIOUS) });
  return fromEnv;
}

function envKey(value: string): Buffer {
  const key = decodeKey(value);
  if (!key) throw new TokenCipherError("invalid_key", "TOKEN_ENCRYPTION_KEY(_PREVIOUS) must be 32 bytes as 64 hex digits or base64");
  return key;
}

function optionalEnvKey(value: string | undefined): Buffer | undefined {
  return value === undefined ? undefined : envKey(value);
}

export function sealToken(plaintext: string, context: TokenContext): SealedToken {
  return envCipher().seal(plaintext, context);
}

export function openToken(sealed: SealedToken, context: TokenContext): string {
  return envCipher().open(sealed, context);
}

export function isSealedWithCurrentKey(keyId: string): boolean {
  return envCipher().isCurrentKey(keyId);
}
