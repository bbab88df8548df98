/** The business supabase/seed.sql creates for local runs (keep the two in step). */
export const DEMO_BUSINESS_ID = "00000000-0000-4000-8000-000000000001";

/** The demo business's line: the VAPI phone number id and number its calls come in on. */
export const DEMO_LINE = { phoneNumberId: "demo-phone-number-id", number: "+15555550100" };

/** The demo business's members (supabase/local/demo-members.sql, keep the two in step): whom
 *  `npm start` prints one-time sign-in links for. */
export const DEMO_MEMBERS = [
  { email: "owner@demo.example", label: "Owner" },
  { email: "staff@demo.example", label: "Staff" },
] as const;
