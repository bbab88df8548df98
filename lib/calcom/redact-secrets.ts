/** Replaces every occurrence of each secret (tokens, codes, client secret) in text we put in an error. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  return secrets.filter((secret) => secret.length >= 4).reduce((result, secret) => result.split(secret).join("[redacted]"), text);
}
