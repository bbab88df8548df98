import { chmod, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decodeKey, EnvError, fillMissingLocalSecrets, parseEnv, secretFromEnvironment } from "../lib/env.js";

const secrets = {
  ADMIN_API_KEY: "a".repeat(32),
  VAPI_WEBHOOK_SECRET: "v".repeat(20),
  SIGNING_SECRET: "s".repeat(40),
  TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
};

function errorOf(source: Record<string, string | undefined>): EnvError {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error;
    throw error;
  }
  throw new Error("parseEnv accepted the environment");
}

describe("parseEnv", () => {
  it("applies the documented defaults", () => {
    const env = parseEnv(secrets);
    expect(env).toMatchObject({ NODE_ENV: "development", PORT: 3000, LOG_LEVEL: "info", EMBEDDED_DB_DIR: ".data/postgres", EMBEDDED_DB_PORT: 54329 });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it("names every missing secret in one message", () => {
    const error = errorOf({});
    expect(error.variables.sort()).toEqual(["ADMIN_API_KEY", "SIGNING_SECRET", "TOKEN_ENCRYPTION_KEY", "VAPI_WEBHOOK_SECRET"]);
    expect(error.message).toContain("ADMIN_API_KEY: is required");
  });

  it("keeps the tool budget inside the 5 s within which tool answers are due: 4 s by default, shorter if set, never past 4.5 s", () => {
    expect(parseEnv(secrets).VAPI_TOOL_BUDGET_MS).toBe(4_000);
    expect(parseEnv({ ...secrets, VAPI_TOOL_BUDGET_MS: "2500" }).VAPI_TOOL_BUDGET_MS).toBe(2_500);
    const error = errorOf({ ...secrets, VAPI_TOOL_BUDGET_MS: "8000" });
    expect(error.variables).toEqual(["VAPI_TOOL_BUDGET_MS"]);
    expect(error.message).toContain("VAPI_TOOL_BUDGET_MS: must be at most 4500 (tool answers are due within 5000 ms)");
  });

  it("treats empty values as unset", () => {
    expect(errorOf({ ...secrets, ADMIN_API_KEY: "" }).variables).toEqual(["ADMIN_API_KEY"]);
  });

  it("names a malformed DATABASE_URL without repeating its value", () => {
    for (const url of ["not a url", "mysql://user:hunter2secret@db:3306/app", "postgres://user:hunter2secret@/db"]) {
      const error = errorOf({ ...secrets, DATABASE_URL: url });
      expect(error.variables).toEqual(["DATABASE_URL"]);
      expect(error.message).toContain("postgres:// or postgresql://");
      expect(error.message).not.toContain("hunter2secret");
    }
  });

  it("accepts postgres and postgresql URLs", () => {
    expect(parseEnv({ ...secrets, DATABASE_URL: "postgresql://u:p@db.example.com:6543/postgres" }).DATABASE_URL).toBeDefined();
    expect(parseEnv({ ...secrets, DATABASE_URL: "postgres://u@localhost/app" }).DATABASE_URL).toBeDefined();
  });

  it("requires SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY together", () => {
    expect(errorOf({ ...secrets, SUPABASE_URL: "https://abc.supabase.co" }).variables).toEqual(["SUPABASE_SERVICE_ROLE_KEY"]);
    expect(errorOf({ ...secrets, SUPABASE_SERVICE_ROLE_KEY: "x".repeat(40) }).variables).toEqual(["SUPABASE_URL"]);
  });

  it("requires a database in production, where the embedded one never runs", () => {
    expect(errorOf({ ...secrets, NODE_ENV: "production" }).variables).toEqual(["DATABASE_URL"]);
    expect(errorOf({ ...secrets, VERCEL: "1" }).variables).toEqual(["DATABASE_URL"]);
    expect(parseEnv({ ...secrets, VERCEL: "1", DATABASE_URL: "postgres://u:p@h:6543/postgres" }).VERCEL).toBe("1");
  });

  it("refuses LOCAL_SESSION_SECRET in production, naming it: local sign-in is for npm start's embedded database only", () => {
    const local = { ...secrets, DATABASE_URL: "postgres://u:p@h:6543/postgres", LOCAL_SESSION_SECRET: "l".repeat(40) };
    for (const production of [{ NODE_ENV: "production" }, { VERCEL: "1" }]) {
      const error = errorOf({ ...local, ...production });
      expect(error.variables).toEqual(["LOCAL_SESSION_SECRET"]);
      expect(error.message).toContain("LOCAL_SESSION_SECRET: must not be set in production");
    }
    expect(parseEnv(local).LOCAL_SESSION_SECRET).toBe("l".repeat(40));
    expect(errorOf({ ...local, LOCAL_SESSION_SECRET: "short" }).message).toContain("LOCAL_SESSION_SECRET: must be at least 32 characters");
  });

  it("refuses short secrets and encryption keys that are not 32 bytes", () => {
    const error = errorOf({ ...secrets, ADMIN_API_KEY: "short", TOKEN_ENCRYPTION_KEY: Buffer.alloc(16).toString("base64") });
    expect(error.variables.sort()).toEqual(["ADMIN_API_KEY", "TOKEN_ENCRYPTION_KEY"]);
  });

  it("refuses a PORT that is not a port number", () => {
    expect(errorOf({ ...secrets, PORT: "eighty" }).variables).toEqual(["PORT"]);
    expect(errorOf({ ...secrets, PORT: "70000" }).variables).toEqual(["PORT"]);
  });
});

describe("decodeKey", () => {
  it("reads 64 hex digits and base64 of 32 bytes", () => {
    const bytes = Buffer.alloc(32, 0xab);
    expect(decodeKey(bytes.toString("hex"))).toEqual(bytes);
    expect(decodeKey(bytes.toString("base64"))).toEqual(bytes);
    expect(decodeKey(bytes.toString("base64url"))).toEqual(bytes);
  });

  it("refuses other lengths and non-base64 text", () => {
    expect(decodeKey(Buffer.alloc(31).toString("base64"))).toBeUndefined();
    expect(decodeKey("this is not a key, just a sentence with spaces!!")).toBeUndefined();
  });
});

describe("Cal.com OAuth settings", () => {
  it("refuse a redirect URI on another origin than PUBLIC_BASE_URL", () => {
    const error = errorOf({ ...secrets, PUBLIC_BASE_URL: "https://receptionist.example", CALCOM_REDIRECT_URI: "https://other.example/api/calcom/oauth" });
    expect(error.variables).toEqual(["CALCOM_REDIRECT_URI"]);
    expect(parseEnv({ ...secrets, PUBLIC_BASE_URL: "https://receptionist.example/", CALCOM_REDIRECT_URI: "https://receptionist.example/api/calcom/oauth" }).CALCOM_REDIRECT_URI).toBeDefined();
  });
});

describe("fillMissingLocalSecrets (npm start on its embedded database)", () => {
  const NAMES = ["ADMIN_API_KEY", "VAPI_WEBHOOK_SECRET", "SIGNING_SECRET", "TOKEN_ENCRYPTION_KEY", "LOCAL_SESSION_SECRET"] as const;

  /** Runs `work` with no secret in the environment and LOCAL_SECRETS_FILE in a new folder, then restores both. */
  async function withoutSecrets(work: (dir: string) => Promise<void> | void): Promise<void> {
    const saved = { ...process.env };
    const dir = await mkdtemp(path.join(tmpdir(), "local-secrets-"));
    try {
      for (const name of NAMES) Reflect.deleteProperty(process.env, name);
      process.env.LOCAL_SECRETS_FILE = path.join(dir, "local-secrets.json");
      await work(dir);
    } finally {
      for (const name of Object.keys(process.env)) if (!(name in saved)) Reflect.deleteProperty(process.env, name);
      Object.assign(process.env, saved);
      await rm(dir, { recursive: true, force: true });
    }
  }

  it("invents the secrets once, keeps them for this user only, and reuses them", async () => {
    await withoutSecrets(async (dir) => {
      const first = fillMissingLocalSecrets();
      expect(first.generated.sort()).toEqual([...NAMES].sort());
      expect(first.file).toBe(path.join(dir, "local-secrets.json"));
      expect((await stat(path.join(dir, "local-secrets.json"))).mode & 0o777).toBe(0o600);
      expect(() => parseEnv(process.env)).not.toThrow();
      for (const name of NAMES) Reflect.deleteProperty(process.env, name);
      const second = fillMissingLocalSecrets();
      expect(second.generated).toEqual([]);
      expect(second.supplied).toEqual(first.supplied);
      delete process.env.ADMIN_API_KEY;
      expect(secretFromEnvironment("ADMIN_API_KEY")).toBe(first.supplied.ADMIN_API_KEY);
    });
  });

  it("adds LOCAL_SESSION_SECRET to a secrets file written before it existed, keeping the others", async () => {
    await withoutSecrets(async (dir) => {
      const file = path.join(dir, "local-secrets.json");
      const older = { ADMIN_API_KEY: "k".repeat(43), VAPI_WEBHOOK_SECRET: "w".repeat(43), SIGNING_SECRET: "g".repeat(43), TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString("base64") };
      await writeFile(file, JSON.stringify(older), { mode: 0o600 });
      const filled = fillMissingLocalSecrets();
      expect(filled.generated).toEqual(["LOCAL_SESSION_SECRET"]);
      expect(filled.supplied).toMatchObject(older);
      expect(JSON.parse(await readFile(file, "utf8"))).toEqual({ ...older, LOCAL_SESSION_SECRET: filled.supplied.LOCAL_SESSION_SECRET });
      expect(parseEnv(process.env).LOCAL_SESSION_SECRET?.length).toBeGreaterThanOrEqual(32);
    });
  });

  it("keeps nothing when asked not to, and leaves secrets set in the environment alone", async () => {
    await withoutSecrets(async (dir) => {
      process.env.ADMIN_API_KEY = "operator-chosen-key-0123456789";
      const result = fillMissingLocalSecrets({ keep: false });
      expect(result.supplied).not.toHaveProperty("ADMIN_API_KEY");
      expect(process.env.ADMIN_API_KEY).toBe("operator-chosen-key-0123456789");
      await expect(stat(path.join(dir, "local-secrets.json"))).rejects.toThrow();
    });
  });

  it("refuses a secrets file it did not write, naming it", async () => {
    await withoutSecrets(async (dir) => {
      await writeFile(path.join(dir, "local-secrets.json"), "not json");
      await chmod(path.join(dir, "local-secrets.json"), 0o600);
      expect(() => fillMissingLocalSecrets()).toThrow(`${path.join(dir, "local-secrets.json")} is not the secrets file npm start writes`);
    });
  });

  it("refuses a secrets file others can read, and keeps the one a concurrent start wrote first", async () => {
    await withoutSecrets(async (dir) => {
      const file = path.join(dir, "local-secrets.json");
      await writeFile(file, JSON.stringify({ ADMIN_API_KEY: "planted-by-someone-else-0123456789" }), { mode: 0o644 });
      await chmod(file, 0o644);
      expect(() => fillMissingLocalSecrets()).toThrow(`${file} must belong to you and be readable by you only`);
      expect(() => secretFromEnvironment("ADMIN_API_KEY")).toThrow("readable by you only");
      await chmod(file, 0o600);
      // Written by another start a moment ago (whole, mode 600): its values are the ones used.
      const result = fillMissingLocalSecrets();
      expect(result.supplied.ADMIN_API_KEY).toBe("planted-by-someone-else-0123456789");
      expect(result.generated).not.toContain("ADMIN_API_KEY");
      expect(JSON.parse(await readFile(file, "utf8"))).toMatchObject({ ADMIN_API_KEY: "planted-by-someone-else-0123456789", SIGNING_SECRET: result.supplied.SIGNING_SECRET });
      expect((await stat(file)).mode & 0o777).toBe(0o600);
    });
  });
});
