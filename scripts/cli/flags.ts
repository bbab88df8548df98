import { usageError } from "./cli-error.js";

/** The parsed flags of one command line, read with the conversion each flag needs; a value that
 *  does not convert is a usage error naming the flag. */
export class Flags {
  constructor(private readonly values: Record<string, string | boolean | undefined>) {}

  string(name: string): string | undefined {
    const value = this.values[name];
    return typeof value === "string" ? value : undefined;
  }

  boolean(name: string): boolean {
    return this.values[name] === true;
  }

  has(name: string): boolean {
    return this.values[name] !== undefined;
  }

  /** A whole number ≥ 0 (ranges are the server's to check, so its message names them). */
  integer(name: string): number | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (!/^\d{1,9}$/.test(value.trim())) throw usageError(`--${name}: must be a whole number, not ${JSON.stringify(value)}`);
    return Number(value.trim());
  }

  /** "true" or "false" (also yes/no), for flags that set a boolean to either value. */
  booleanWord(name: string): boolean | undefined {
    const value = this.string(name)?.trim().toLowerCase();
    if (value === undefined) return undefined;
    if (value === "true" || value === "yes") return true;
    if (value === "false" || value === "no") return false;
    throw usageError(`--${name}: must be true or false, not ${JSON.stringify(this.string(name))}`);
  }
}
