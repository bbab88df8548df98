import { bookAppointment } from "../../lib/calendar/book-appointment.js";
import { BookRequestSchema, idempotencyKeyOf, startOf } from "../../lib/calendar/book-request.js";
import { toBookingConfirmation } from "../../lib/calendar/booking-confirmation.js";
import { calendarFailureError } from "../../lib/calendar/calendar-failure-error.js";
import { getDatabase } from "../../lib/db/get-database.js";
import { ApiError } from "../../lib/http/api-error.js";
import { readJsonBody } from "../../lib/http/read-json-body.js";
import { requireAdmin } from "../../lib/http/require-admin.js";
import { respond } from "../../lib/http/respond.js";

const REASONS = {
  taken: "that time has just been booked",
  past: "that time has already passed",
  closed: "the business does not take appointments at that time",
} as const;

// POST /api/calcom/book – books a slot (operator); Idempotency-Key makes a retry book once.
export function POST(request: Request): Promise<Response> {
  return respond(request, async () => {
    requireAdmin(request);
    const idempotencyKey = idempotencyKeyOf(request.headers);
    const body = BookRequestSchema.parse(await readJsonBody(request));
    const result = await bookAppointment(
      await getDatabase(),
      { ...body, start: startOf(body.start), idempotencyKey },
      new Date(),
    );
    switch (result.kind) {
      case "booked":
        return Response.json(toBookingConfirmation(result.booking, result.timeZone), {
          status: 201,
          headers: result.replayed ? { "idempotent-replayed": "true" } : {},
        });
      case "unknown_business":
        throw new ApiError("not_found", `business ${body.businessId} not found`);
      case "slot_unavailable":
        throw new ApiError("conflict", `start: ${REASONS[result.reason]}; choose one of the alternatives`, {
          details: { reason: result.reason, alternatives: result.alternatives },
        });
      case "idempotency_mismatch":
        throw new ApiError("unprocessable", "Idempotency-Key: this key was already used for a different booking request; use a new key");
      case "email_required":
        throw new ApiError("bad_request", "email: this event type needs the caller's email address");
      default:
        throw calendarFailureError(result, body.businessId);
    }
  });
}
