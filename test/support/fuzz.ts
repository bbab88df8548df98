import fc from "fast-check";

/**
 * Fuzzing is seeded and bounded so a failure reproduces: fast-check prints the seed and the path of
 * the failing case, and FUZZ_SEED / FUZZ_RUNS rerun it (or explore further) without editing a file.
 */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20_261_126);
export const fuzzRuns = (fallback: number): number => Number(process.env.FUZZ_RUNS ?? fallback);

/** Strings that have broken other systems: quotes, SQL, markup, emoji, right-to-left text, control
 *  characters, NUL, lone surrogates, and 10 kB names. */
export const NASTY_STRINGS = [
  "O'Brien",
  'Say "hello"',
  "'; drop table public.bookings; --",
  "' or '1'='1",
  "Robert'); DELETE FROM calls WHERE ('1'='1",
  "$1::text; select pg_sleep(10)",
  "<script>alert(1)</script>",
  "${jndi:ldap://x.example/a}",
  "😀🦷👩‍⚕️👨‍👩‍👧‍👦",
  "مرحبا، أريد موعدا",
  "שלום עליכם",
  "\u202eevil\u202c",
  "\u0000",
  "name\u0000with nul",
  "\ud800",
  "lone \udfff surrogate",
  "\\",
  "\\u0000",
  "%00%27",
  "\r\n\t\v\f",
  "   ",
  "",
  "Z̷̢̛a̶l̵g̸o̴",
  "x".repeat(10_240),
  "é".repeat(10_240),
  "🦷".repeat(2_560),
];

/** Any UTF-16 code unit, lone surrogates included (what a broken client can put in JSON). */
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...NASTY_STRINGS), weight: 4 },
  { arbitrary: fc.string({ unit: anyCodeUnit, maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ maxLength: 20 }), weight: 1 },
);

/** Nested arrays and objects, deeper than any schema expects. */
const deepJunk = fc.integer({ min: 20, max: 300 }).map((depth) => {
  let value: unknown = "bottom";
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { nested: value };
  return value;
});

/** A value of the wrong type, or a right-looking one that is wrong. */
export const junk: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: nastyString, weight: 4 },
  { arbitrary: fc.integer(), weight: 1 },
  { arbitrary: fc.constantFrom(0, -1, 1e300, -1e300, 8.64e15, -8.64e15, 8.7e15, Number.MAX_SAFE_INTEGER, 0.5, -0), weight: 2 },
  { arbitrary: fc.boolean(), weight: 1 },
  { arbitrary: fc.constant(null), weight: 2 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 2 },
  { arbitrary: deepJunk, weight: 1 },
  { arbitrary: fc.constantFrom("2030-07-15T10:00", "2030-07-15", "9999-12-31T23:59:59Z", "0000-01-01", "2030-02-30T10:00", "+275760-09-13T00:00:00.000Z", "tomorrow"), weight: 2 },
);

type Json = unknown;
type Path = (string | number)[];

/** Every path into a JSON value (objects and arrays), the root excluded. */
export function pathsOf(value: Json, prefix: Path = []): Path[] {
  if (value === null || typeof value !== "object") return [];
  const entries: [string | number, Json][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...pathsOf(child, [...prefix, key])]);
}

/** One change to a payload: a field set to something else, or removed. `at` picks the path. */
export type Mutation = { kind: "set"; at: number; value: unknown } | { kind: "delete"; at: number };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant("set" as const), at: fc.nat(), value: junk }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant("delete" as const), at: fc.nat() }), weight: 1 },
);

/** The payload with the mutations applied in order (on a copy). */
export function mutate<T>(payload: T, mutations: Mutation[]): T {
  const copy = structuredClone(payload) as Json;
  for (const change of mutations) {
    const paths = pathsOf(copy);
    const path = paths[change.at % Math.max(paths.length, 1)];
    if (!path) continue;
    const parent = path.slice(0, -1).reduce<Json>((node, key) => (node as Record<string | number, Json>)[key], copy) as Record<string | number, Json>;
    const key = path[path.length - 1] as string | number;
    if (change.kind === "set") parent[key] = change.value;
    else if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else Reflect.deleteProperty(parent, key);
  }
  return copy as T;
}

/** Bytes that are not UTF-8: stray continuation bytes, a truncated sequence, an overlong form, an
 *  encoded surrogate, bytes UTF-8 never uses. */
export const invalidUtf8: fc.Arbitrary<readonly number[]> = fc.constantFrom<readonly number[]>(
  [0xff],
  [0xfe, 0xff],
  [0x80],
  [0xc3],
  [0xe2, 0x82],
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0x4a, 0x6f, 0x73, 0xe9], // "José" in Latin-1
);

/** A JSON body with raw bytes spliced into one of its strings, where `marker` stood. */
export function spliceBytes(json: string, marker: string, bytes: readonly number[]): Buffer<ArrayBuffer> {
  const [before = "", after = ""] = json.split(marker);
  return Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)]) as Buffer<ArrayBuffer>;
}
