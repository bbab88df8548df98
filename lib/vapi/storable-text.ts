import { isContainer } from "../http/nesting-depth.js";

/** What PostgreSQL can hold of a character it cannot: U+FFFD, the character Unicode reserves for
 *  "something was here that could not be represented". */
export const REPLACEMENT_CHARACTER = "\ufffd";

/**
 * Characters neither text nor jsonb can hold: NUL (U+0000; jsonb refuses the \u0000 escape too)
 * and a UTF-16 surrogate without its pair (JSON's "\ud800" escape makes one; it has no UTF-8
 * encoding).
 */
const UNSTORABLE = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** A string (value or key) that had characters replaced: where it is, and how many. */
export interface ReplacedText {
  /** Keys from the top, joined by dots (artifact.messages.2.message); a key that was itself
   *  replaced appears as stored. */
  path: string;
  count: number;
  /** The characters were in the key at `path`, not in its value. */
  key?: true;
}


/**
 * Every string in a JSON value, keys included, with the characters the database cannot hold
 * replaced by U+FFFD, and where that happened: VAPI's words are stored, never refused for one odd
 * character. Works in place (the value is fresh from JSON.parse, and ours) and without recursion,
 * so nesting as deep as JSON.parse reads costs no stack.
 */
export function storableText(json: unknown): { value: unknown; replaced: ReplacedText[] } {
  const replaced: ReplacedText[] = [];
  const note = (path: () => string, count: number, key = false) => {
    if (count > 0) replaced.push(key ? { path: path(), count, key } : { path: path(), count });
  };
  if (typeof json === "string") {
    const [value, count] = replaceUnstorable(json);
    note(() => "", count);
    return { value, replaced };
  }
  const pending: { node: Record<string, unknown> | unknown[]; path: string }[] = isContainer(json) ? [{ node: json, path: "" }] : [];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { node, path } = next;
    const at = (key: string) => (path === "" ? key : `${path}.${key}`);
    const visit = (child: unknown, key: string): unknown => {
      if (isContainer(child)) pending.push({ node: child, path: at(key) });
      if (typeof child !== "string") return child;
      const [fixed, count] = replaceUnstorable(child);
      note(() => at(key), count);
      return fixed;
    };
    if (Array.isArray(node)) {
      node.forEach((child, index) => {
        const value = visit(child, String(index));
        if (value !== child) node[index] = value;
      });
      continue;
    }
    if (Object.keys(node).some((key) => key.search(UNSTORABLE) !== -1)) renameKeys(node, (key) => {
      const [fixed, count] = replaceUnstorable(key);
      note(() => at(fixed), count, true);
      return fixed;
    });
    for (const [key, child] of Object.entries(node)) {
      const value = visit(child, key);
      if (value !== child) node[key] = value;
    }
  }
  return { value: json, replaced };
}

function replaceUnstorable(text: string): [string, number] {
  let count = 0;
  const fixed = text.replace(UNSTORABLE, () => {
    count += 1;
    return REPLACEMENT_CHARACTER;
  });
  return [fixed, count];
}


/** Renames keys keeping their order; defineProperty, because assigning to a key named
 *  "__proto__" (which JSON.parse makes an ordinary key) would change the prototype instead. */
function renameKeys(node: Record<string, unknown>, rename: (key: string) => string): void {
  const entries = Object.entries(node);
  for (const [key] of entries) Reflect.deleteProperty(node, key);
  for (const [key, value] of entries) {
    Object.defineProperty(node, rename(key), { value, enumerable: true, writable: true, configurable: true });
  }
}
