/** The token of an `Authorization: Bearer <token>` header, or undefined for any other header (or
 *  none): how operators, members and VAPI's Bearer credential all present theirs. */
export function bearerToken(header: string | null): string | undefined {
  const match = header === null ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}
