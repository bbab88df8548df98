/**
 * The `cal-api-version` each endpoint family needs (reference/calcom.md §2). Without it Cal.com
 * routes to its oldest controller, with other shapes, 404s or even 500s. /v2/me and the OAuth
 * token endpoint take none.
 */
export const CALCOM_API_VERSIONS = {
  bookings: "2024-08-13",
  slots: "2024-09-04",
  eventTypes: "2024-06-14",
} as const;

export type CalcomApiVersion = (typeof CALCOM_API_VERSIONS)[keyof typeof CALCOM_API_VERSIONS];
