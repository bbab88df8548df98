/** The JSON a body holds, or undefined when it holds none (an HTML error page, a cut-off answer). */
export function jsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
