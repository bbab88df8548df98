/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

/**
 * A small page for a person in a browser (a business owner connecting Cal.com): a title, what
 * happened, and what to do next. Never a JSON error or a stack trace. Its look comes from
 * public/page.css: the Content-Security-Policy (security-headers.ts) allows no inline style.
 */
export function htmlPage(status: number, title: string, paragraphs: string[], headers?: HeadersInit): Response {
  const body = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/page.css"></head>
<body><h1>${escapeHtml(title)}</h1>
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n")}
</body>
</html>
`;
  const allHeaders = new Headers(headers);
  allHeaders.set("content-type", "text/html; charset=utf-8");
  allHeaders.set("cache-control", "no-store");
  return new Response(body, { status, headers: allHeaders });
}
