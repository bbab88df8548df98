import type { KindSummary } from "./latency-stats.js";

/** A small SVG bar chart: p50, p95 and p99 per kind of request, one group of bars each. */
export function latencyChart(rows: KindSummary[], title: string): string {
  const width = 760;
  const rowHeight = 46;
  const left = 230;
  const top = 40;
  const height = top + rows.length * rowHeight + 40;
  const max = Math.max(1, ...rows.map((r) => r.p99));
  const scale = (ms: number) => ((width - left - 70) * ms) / max;
  const bars = [
    { key: "p50", color: "#2f6fdf" },
    { key: "p95", color: "#8fb3f0" },
    { key: "p99", color: "#d5e2f8" },
  ] as const;
  const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  const groups = rows.map((row, i) => {
    const y = top + i * rowHeight;
    const rects = bars.map((bar, j) => {
      const ms = row[bar.key];
      return `<rect x="${left}" y="${y + j * 12}" width="${scale(ms).toFixed(1)}" height="10" fill="${bar.color}"/><text x="${(left + scale(ms) + 4).toFixed(1)}" y="${y + j * 12 + 9}" font-size="10">${ms.toFixed(1)} ms</text>`;
    });
    return `<text x="${left - 8}" y="${y + 20}" font-size="12" text-anchor="end">${escape(row.kind)}</text>${rects.join("")}`;
  });
  const legend = bars.map((bar, j) => `<rect x="${left + j * 70}" y="${height - 22}" width="10" height="10" fill="${bar.color}"/><text x="${left + j * 70 + 14}" y="${height - 13}" font-size="11">${bar.key}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif"><rect width="100%" height="100%" fill="white"/><text x="12" y="22" font-size="14" font-weight="bold">${escape(title)}</text>${groups.join("")}${legend.join("")}</svg>\n`;
}
