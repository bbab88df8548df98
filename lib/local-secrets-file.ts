import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

/**
 * The file `npm start` keeps the secrets it invented in (see fillMissingLocalSecrets in env.ts):
 * reading it refuses anything not ours alone, writing it is whole or nothing. Only the names given
 * are read.
 */
export function readSecretsFile<Name extends string>(file: string, names: readonly [Name, ...Name[]]): Partial<Record<Name, string>> {
  if (!existsSync(file)) return {};
  const stats = statSync(file);
  // Another user could have planted it, or be able to read the keys.
  if ((stats.mode & 0o077) !== 0 || (process.getuid && stats.uid !== process.getuid())) {
    throw new Error(`${file} must belong to you and be readable by you only (chmod 600 ${file}), since it holds secrets`);
  }
  try {
    return z.partialRecord(z.enum(names), z.string()).parse(JSON.parse(readFileSync(file, "utf8"))) as Partial<Record<Name, string>>;
  } catch {
    throw new Error(`${file} is not the secrets file npm start writes; move it away to have new secrets generated (tokens sealed with the old TOKEN_ENCRYPTION_KEY would then be unreadable)`);
  }
}

/** Writes the file whole or not at all (a temporary file renamed over it, mode 600). With
 *  `createOnly`, a file another start wrote meanwhile wins and is returned instead. */
export function writeSecretsFile<Name extends string>(
  file: string,
  names: readonly [Name, ...Name[]],
  secrets: Partial<Record<Name, string>>,
  createOnly: boolean,
): Partial<Record<Name, string>> {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600, flag: "w" });
  try {
    if (!createOnly) {
      renameSync(temporary, file);
      return secrets;
    }
    try {
      linkSync(temporary, file);
      return secrets;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      return readSecretsFile(file, names);
    }
  } finally {
    rmSync(temporary, { force: true });
  }
}
