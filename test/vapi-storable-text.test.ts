import { describe, expect, it } from "vitest";
import { storableText } from "../lib/vapi/storable-text.js";

describe("storableText", () => {
  it("replaces NUL and lone surrogates with U+FFFD, counting per field, and leaves pairs whole", () => {
    const json = JSON.parse('{"a":"x\\u0000y\\u0000","b":["ok","\\ud800 \\udfff"],"c":{"d":"🦷 Zoë"},"n":1,"z":null}') as unknown;
    expect(storableText(json)).toEqual({
      value: { a: "x\ufffdy\ufffd", b: ["ok", "\ufffd \ufffd"], c: { d: "🦷 Zoë" }, n: 1, z: null },
      replaced: expect.arrayContaining([
        { path: "a", count: 2 },
        { path: "b.1", count: 2 },
      ]),
    });
    expect(storableText(json).replaced).toEqual([]);
  });

  it("replaces them in keys too, keeping the keys' order, and names the key as stored", () => {
    const json = JSON.parse('{"first":1,"se\\u0000cond":{"in\\u0000ner":"v\\u0000"},"__proto__":"x\\u0000"}') as Record<string, unknown>;
    const { value, replaced } = storableText(json);
    expect(Object.keys(value as object)).toEqual(["first", "se\ufffdcond", "__proto__"]);
    // JSON.parse makes "__proto__" an ordinary key; replacing its value must not set the prototype.
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(value, "__proto__")?.value).toBe("x\ufffd");
    expect(replaced).toEqual(
      expect.arrayContaining([
        { path: "se\ufffdcond", count: 1, key: true },
        { path: "se\ufffdcond.in\ufffdner", count: 1, key: true },
        { path: "se\ufffdcond.in\ufffdner", count: 1 },
        { path: "__proto__", count: 1 },
      ]),
    );
    expect(replaced).toHaveLength(4);
  });

  it("walks nesting as deep as JSON.parse reads without running out of stack", () => {
    const depth = 200_000;
    const json = JSON.parse(`${"[".repeat(depth)}"\\u0000"${"]".repeat(depth)}`) as unknown;
    const { replaced } = storableText(json);
    expect(replaced).toHaveLength(1);
    expect(replaced[0]?.path.split(".")).toHaveLength(depth);
  });

  it("takes a bare string", () => {
    expect(storableText("a\u0000")).toEqual({ value: "a\ufffd", replaced: [{ path: "", count: 1 }] });
  });
});
