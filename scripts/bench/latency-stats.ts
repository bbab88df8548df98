/** Latencies and counted round trips of one kind of request. */
export interface KindSamples {
  latencies: number[];
  roundTrips: number[];
  errors: number;
  /** Tool calls answered with the calendar fallback instead of what was asked. */
  fallbacks: number;
  /** Latencies of the floor requests sent at the same moment as each request of this kind. */
  pairedFloor: number[];
}

export interface KindSummary {
  kind: string;
  count: number;
  errors: number;
  fallbacks: number;
  p50: number;
  p95: number;
  p99: number;
  /** Requests of this kind per second of the run. */
  perSecond: number;
  /** Database round trips per request, as the server counted them. */
  roundTrips: { mean: number; max: number };
  /** p50 of the floor requests sent alongside this kind. */
  floorP50: number;
  /** p50 over floorP50: the same load, the same moments. */
  floorRatio: number;
}

export function newSamples(): KindSamples {
  return { latencies: [], roundTrips: [], errors: 0, fallbacks: 0, pairedFloor: [] };
}

export function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}

export function summarize(samples: Map<string, KindSamples>, seconds: number, floorKind: string): KindSummary[] {
  return [...samples].map(([kind, s]) => {
    const p50 = percentile(s.latencies, 0.5);
    const floorP50 = kind === floorKind ? p50 : percentile(s.pairedFloor, 0.5);
    return {
      kind,
      count: s.latencies.length,
      errors: s.errors,
      fallbacks: s.fallbacks,
      p50,
      p95: percentile(s.latencies, 0.95),
      p99: percentile(s.latencies, 0.99),
      perSecond: s.latencies.length / seconds,
      roundTrips: { mean: s.roundTrips.reduce((a, b) => a + b, 0) / (s.roundTrips.length || 1), max: Math.max(0, ...s.roundTrips) },
      floorP50,
      floorRatio: floorP50 > 0 ? p50 / floorP50 : 0,
    };
  });
}

export function latencyTable(rows: KindSummary[]): string {
  const head = "kind                            count errors fallbk   p50 ms   p95 ms   p99 ms   req/s  db trips  floor p50  p50/floor";
  const lines = rows.map(
    (r) =>
      `${r.kind.padEnd(30)} ${String(r.count).padStart(6)} ${String(r.errors).padStart(6)} ${String(r.fallbacks).padStart(6)} ${r.p50.toFixed(1).padStart(8)} ${r.p95.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(8)} ${r.perSecond.toFixed(0).padStart(7)} ${`${r.roundTrips.mean.toFixed(2)}/${r.roundTrips.max}`.padStart(9)} ${r.floorP50.toFixed(1).padStart(10)} ${r.floorRatio.toFixed(2).padStart(10)}`,
  );
  return [head, ...lines].join("\n");
}
