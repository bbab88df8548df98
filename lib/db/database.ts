import { z } from "zod";
import { businessMemberQueries, type BusinessMemberQueries } from "./business-member-queries.js";
import { businessQueries, type BusinessQueries } from "./businesses.js";
import { callQueries, type CallQueries } from "./call-queries.js";
import { calcomQueries, type CalcomQueries } from "./calcom-queries.js";
import { callerBookingQueries, type CallerBookingQueries } from "./caller-booking-queries.js";
import { calendarQueries, type CalendarQueries } from "./calendar-queries.js";
import { memberQueries, type MemberQueries } from "./member-queries.js";
import { operatorReadQueries, type OperatorReadQueries } from "./operator-read-queries.js";
import { retriedTransport } from "./retried-transport.js";
import { countedTransport } from "./round-trips.js";
import { signInQueries, type SignInQueries } from "./sign-in-queries.js";
import type { DbTransport, Member } from "./transport.js";

const HealthSchema = z.object({
  migrations: z.number().int().nonnegative(),
  /** Versions (file timestamps) of the applied migrations, oldest first. */
  versions: z.array(z.string()),
});

/**
 * The port: every database operation the app performs, named by intent and grouped by table
 * (one module each). Each is one server function, one round trip, on whichever transport is
 * configured.
 */
export interface Database
  extends BusinessQueries, BusinessMemberQueries, CalendarQueries, CalcomQueries, CallerBookingQueries, CallQueries, OperatorReadQueries, SignInQueries {
  readonly transport: DbTransport["name"];
  /** Proves the database answers; lists the applied migrations. */
  health(): Promise<z.infer<typeof HealthSchema>>;
  /** The queries of a signed-in member, run as that member under row-level security. */
  asMember(member: Member): MemberQueries;
  close(): Promise<void>;
}

export function createDatabase(direct: DbTransport): Database {
  // Counted inside the retry: a retried call is a round trip more, and the count says so.
  const transport = retriedTransport(countedTransport(direct));
  return {
    transport: transport.name,
    health: async () => HealthSchema.parse(await transport.value("app_health")),
    asMember: (member) => memberQueries(transport, member),
    ...businessQueries(transport),
    ...businessMemberQueries(transport),
    ...calendarQueries(transport),
    ...calcomQueries(transport),
    ...callerBookingQueries(transport),
    ...callQueries(transport),
    ...operatorReadQueries(transport),
    ...signInQueries(transport),
    close: () => transport.close(),
  };
}
