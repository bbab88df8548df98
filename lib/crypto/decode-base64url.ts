/**
 * Strict base64url (RFC 4648 §5, no padding): the bytes, or undefined for anything else.
 * Node's decoder skips characters it does not know and ignores stray trailing bits, so several
 * strings would decode to the same bytes; requiring the canonical form keeps one spelling per
 * value, so an edited character can never pass as the original.
 */
export function decodeBase64Url(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  const bytes = Buffer.from(text, "base64url");
  return bytes.toString("base64url") === text ? bytes : undefined;
}
