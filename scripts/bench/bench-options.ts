/** npm run bench's flags and their defaults (BENCHMARKS.md explains them). */
export const BENCH_OPTIONS = {
  calls: { type: "string", default: "100,500" },
  "calcom-latency": { type: "string", default: "150" },
  lines: { type: "string", default: "30" },
  out: { type: "string", default: "bench-results" },
  "ramp-ms": { type: "string", default: "2000" },
  "cold-samples": { type: "string", default: "5" },
} as const;
