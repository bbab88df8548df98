import path from "node:path";

const root = path.resolve(import.meta.dirname, "..", "..", "..");

/** Where the SQL this project ships lives, relative to the repository root. */
export const projectFiles = {
  migrationsDir: path.join(root, "supabase", "migrations"),
  seedFile: path.join(root, "supabase", "seed.sql"),
  rolesShimFile: path.join(root, "supabase", "local", "supabase-roles-shim.sql"),
  /** The demo business's members: local only, since their users are made by the shim. */
  demoMembersFile: path.join(root, "supabase", "local", "demo-members.sql"),
};
