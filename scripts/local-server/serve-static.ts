import { readFile } from "node:fs/promises";
import path from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
};

/** Files from public/ (Vercel's outputDirectory); never anything outside it. A folder's path,
 *  with or without the trailing slash, is its index.html, as Vercel serves it (/dashboard). */
export async function serveStatic(publicDir: string, pathname: string, method: string): Promise<Response> {
  if (method !== "GET" && method !== "HEAD") return new Response("Method Not Allowed", { status: 405 });
  try {
    const relative = decodeURIComponent(pathname).replace(/\/$/, "/index.html");
    const file = path.resolve(publicDir, `.${relative}`);
    if (!file.startsWith(path.resolve(publicDir) + path.sep)) return new Response("Not Found", { status: 404 });
    const served = await readFile(file).then(
      (body) => ({ body, type: TYPES[path.extname(file)] ?? "application/octet-stream" }),
      async (error: unknown) => {
        if ((error as NodeJS.ErrnoException).code !== "EISDIR") throw error;
        return { body: await readFile(path.join(file, "index.html")), type: TYPES[".html"] ?? "text/html" };
      },
    );
    return new Response(method === "HEAD" ? null : served.body, { headers: { "content-type": served.type } });
  } catch {
    return new Response("Not Found", { status: 404 });
  }
}
