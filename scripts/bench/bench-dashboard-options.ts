import type { ParseArgsOptionsConfig } from "node:util";

/** npm run bench:dashboard's flags (the docs test checks the guides use only these). */
export const BENCH_DASHBOARD_OPTIONS = {
  calls: { type: "string", default: "10000" },
  samples: { type: "string", default: "40" },
  out: { type: "string", default: "bench-results" },
  // Print and write the figures but exit 0 above a target (test/bench-dashboard.test.ts, which
  // runs beside the whole suite: a timing there would only measure the crowd).
  "report-only": { type: "boolean", default: false },
} as const satisfies ParseArgsOptionsConfig;
