/** Our own ids reach Cal.com in paths and queries; a bad one is a bug on our side, not a Cal.com error. */
export function requirePositiveId(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer, got ${value}`);
}
