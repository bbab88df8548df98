/** Latencies and counted round trips of one kind of request. */
export interface KindSamples {
  latencies: number[];
  roundTrips: number[];
  errors: number;
}

export interface KindSummary {
  kind: string;
  count: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  /** Requests of this kind per second of the run. */
  perSecond: number;
  /** Database round trips per request, as the server counted them. */
  roundTrips: { mean: number; max: number };
  /** p50 over the floor's p50, measured in the same run. */
  floorRatio: number;
}

export function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}

export function summarize(samples: Map<string, KindSamples>, seconds: number, floorKind: string): KindSummary[] {
  const floor = percentile(samples.get(floorKind)?.latencies ?? [], 0.5) || 1;
  return [...samples].map(([kind, s]) => ({
    kind,
    count: s.latencies.length,
    errors: s.errors,
    p50: percentile(s.latencies, 0.5),
    p95: percentile(s.latencies, 0.95),
    p99: percentile(s.latencies, 0.99),
    perSecond: s.latencies.length / seconds,
    roundTrips: { mean: s.roundTrips.reduce((a, b) => a + b, 0) / (s.roundTrips.length || 1), max: Math.max(0, ...s.roundTrips) },
    floorRatio: percentile(s.latencies, 0.5) / floor,
  }));
}

export function latencyTable(rows: KindSummary[]): string {
  const head = "kind                            count  errors   p50 ms   p95 ms   p99 ms   req/s  db trips  p50/floor";
  const lines = rows.map(
    (r) =>
      `${r.kind.padEnd(30)} ${String(r.count).padStart(6)} ${String(r.errors).padStart(7)} ${r.p50.toFixed(1).padStart(8)} ${r.p95.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(8)} ${r.perSecond.toFixed(0).padStart(7)} ${`${r.roundTrips.mean.toFixed(2)}/${r.roundTrips.max}`.padStart(9)} ${r.floorRatio.toFixed(2).padStart(10)}`,
  );
  return [head, ...lines].join("\n");
}
