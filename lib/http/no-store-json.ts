/** A JSON answer that no browser or proxy may keep: a member's calls, transcripts and settings
 *  must not outlive their session in a cache another user of the device could read. */
export function noStoreJson(body: unknown, init: { status?: number } = {}): Response {
  return Response.json(body, { status: init.status ?? 200, headers: { "cache-control": "no-store" } });
}
