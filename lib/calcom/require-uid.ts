/** A booking uid goes into the path; an empty one would hit another route. */
export function requireUid(uid: string): string {
  if (uid.trim() === "") throw new RangeError("a booking uid must not be empty");
  return uid;
}
