// Who is signed in, and the access token every API call carries (Authorization: Bearer; never a
// cookie, never a URL). Two ways in, as GET /api/member/config says:
// - local (npm start's embedded database): a one-time link from `npm start` or the operator,
//   handed over in the URL's fragment (which no server log or Referer sees), traded once for a
//   session token kept in this tab's sessionStorage only (gone when the tab closes, never shared
//   with another origin);
// - supabase: Supabase Auth in the browser (an e-mailed one-time code, or the e-mail's link),
//   with supabase-js keeping and refreshing its session in its own storage.

const STORAGE_KEY = "receptionist.dashboard.session";
const SIGN_IN_FRAGMENT = "#sign-in=";

/** @typedef {{ signIn: "local" } | { signIn: "supabase", supabaseUrl: string, supabaseAnonKey: string } | { signIn: "none" }} SignInConfig */
/** @typedef {{ accessToken: string, expiresAt: string, userId: string, email: string }} LocalSession */

/** @type {SignInConfig | undefined} */
let config;
/** @type {any} supabase-js's client (vendor/supabase.js, a UMD bundle without types here) */
let supabaseClient;

/**
 * Takes a sign-in link out of the address before anything else runs, so it is neither kept in
 * the history nor seen by any later code or request; returns it (or undefined).
 * @returns {string | undefined}
 */
export function takeSignInLink() {
  if (!location.hash.startsWith(SIGN_IN_FRAGMENT)) return undefined;
  const link = decodeURIComponent(location.hash.slice(SIGN_IN_FRAGMENT.length));
  history.replaceState(null, "", `${location.pathname}${location.search}`);
  return link || undefined;
}

/** @returns {Promise<SignInConfig>} */
export async function signInConfig() {
  if (config) return config;
  const response = await fetch("/api/member/config", { cache: "no-store", credentials: "omit" });
  if (!response.ok) throw new Error(`The service did not say how to sign in (HTTP ${response.status}).`);
  config = /** @type {SignInConfig} */ (await response.json());
  if (config.signIn === "supabase") supabaseClient = await createSupabaseClient(config);
  return config;
}

/**
 * Trades a one-time link for a session (local sign-in).
 * @param {string} link
 * @returns {Promise<{ ok: true } | { ok: false, message: string }>}
 */
export async function signInWithLink(link) {
  const response = await fetch("/api/member/sign-in", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ link }),
    cache: "no-store",
    credentials: "omit",
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) return { ok: false, message: body?.error?.message ?? `Sign-in failed (HTTP ${response.status}).` };
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(body));
  return { ok: true };
}

/**
 * Sends a one-time code (and a sign-in link) to the address, for members only: nobody gets an
 * account by asking.
 * @param {string} email
 */
export async function sendEmailCode(email) {
  const { error } = await supabaseClient.auth.signInWithOtp({
    email,
    options: { shouldCreateUser: false, emailRedirectTo: `${location.origin}/dashboard/` },
  });
  if (error) throw new Error(error.message);
}

/**
 * @param {string} email
 * @param {string} code
 */
export async function verifyEmailCode(email, code) {
  const { error } = await supabaseClient.auth.verifyOtp({ email, token: code, type: "email" });
  if (error) throw new Error(error.message);
}

/**
 * The current access token, or undefined when nobody is signed in or the session has run out.
 * @returns {Promise<string | undefined>}
 */
export async function accessToken() {
  if (config?.signIn === "supabase") {
    const { data } = await supabaseClient.auth.getSession();
    return data.session?.access_token ?? undefined;
  }
  const session = localSession();
  if (!session) return undefined;
  if (Date.parse(session.expiresAt) <= Date.now()) {
    sessionStorage.removeItem(STORAGE_KEY);
    return undefined;
  }
  return session.accessToken;
}

/** The signed-in member's e-mail address, for the header. */
export async function signedInEmail() {
  if (config?.signIn === "supabase") {
    const { data } = await supabaseClient.auth.getSession();
    return data.session?.user?.email ?? "";
  }
  return localSession()?.email ?? "";
}

export async function signOut() {
  sessionStorage.removeItem(STORAGE_KEY);
  if (config?.signIn === "supabase") await supabaseClient.auth.signOut({ scope: "local" });
}

/** @returns {LocalSession | undefined} */
function localSession() {
  try {
    const stored = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? "null");
    return stored && typeof stored.accessToken === "string" ? stored : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Loads the vendored supabase-js (a script of our own origin, as the CSP allows) and makes the
 * client: PKCE, so the e-mail's link comes back with a one-time ?code (which supabase-js trades
 * and removes) instead of tokens in the fragment our routes use.
 * @param {{ supabaseUrl: string, supabaseAnonKey: string }} settings
 */
async function createSupabaseClient({ supabaseUrl, supabaseAnonKey }) {
  await new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = "/dashboard/vendor/supabase.js";
    script.addEventListener("load", resolve);
    script.addEventListener("error", () => reject(new Error("supabase-js did not load")));
    document.head.append(script);
  });
  const { createClient } = /** @type {any} */ (window).supabase;
  const client = createClient(supabaseUrl, supabaseAnonKey, {
    auth: { flowType: "pkce", persistSession: true, autoRefreshToken: true, detectSessionInUrl: true },
  });
  // Lets supabase-js finish trading a ?code from the e-mail's link before the first getSession.
  await client.auth.getSession();
  return client;
}
