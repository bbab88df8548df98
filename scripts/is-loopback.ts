/** A server on this machine (what npm start serves): the only one a key from npm start's local
 *  secrets file may be sent to. */
export function isLoopback(url: string): boolean {
  const host = URL.canParse(url) ? new URL(url).hostname : "";
  return host === "localhost" || host === "[::1]" || /^127(\.\d{1,3}){3}$/.test(host);
}
