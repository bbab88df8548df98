import { z } from "zod";
import { availabilityOn } from "../../calendar/find-availability.js";
import { localDateAt } from "../../scheduling/local-day.js";
import { resolveSpokenDate, spokenDate } from "../../scheduling/spoken-date.js";
import { calendarDayFor } from "./calendar-day-for.js";
import { CALENDAR_FALLBACK, type ToolContext } from "./tool-context.js";
import { fewToSay, inPartOfDay, spokenList } from "./spoken-times.js";

const ArgsSchema = z.object({ date: z.string().max(100), timePreference: z.string().max(40).optional() });

/** checkAvailability: the free times of one day, few enough to say, in the business's zone. */
export async function checkAvailabilityTool(context: ToolContext, args: Record<string, unknown>): Promise<string> {
  const parsed = ArgsSchema.safeParse(args);
  if (!parsed.success) return "Which day would you like? You can say today, tomorrow or a weekday.";
  const { timezone } = context.business;
  const date = resolveSpokenDate(parsed.data.date, timezone, context.now);
  if (!date) return "Sorry, I didn't catch the day. Which day would you like?";
  if (date < localDateAt(context.now, timezone)) return "That day has already passed. Which upcoming day would suit you?";
  const said = spokenDate(date, timezone, context.now);
  const day = await calendarDayFor(context, date);
  const result = day ? await availabilityOn(context.db, day, { now: context.now, deadline: context.deadline }) : { kind: "unknown_business" as const };
  if (result.kind !== "ok") return result.kind === "past_date" ? "That day has already passed. Which upcoming day would suit you?" : CALENDAR_FALLBACK;
  if (result.slots.length === 0) return `Sorry, there is nothing free on ${said}. Would another day work?`;
  const preferred = inPartOfDay(result.slots, parsed.data.timePreference);
  const offered = fewToSay(preferred.length > 0 ? preferred : result.slots);
  const note = preferred.length === 0 && parsed.data.timePreference && parsed.data.timePreference !== "any" ? ` Nothing is free in the ${parsed.data.timePreference}, but` : "";
  return `${note ? `${note.trim()} on` : "On"} ${said} I have ${spokenList(offered.map((s) => s.label))}. ${offered.length > 1 ? "Which time suits you?" : "Would that suit you?"} (For booking: ${offered.map((s) => s.start.slice(0, 16)).join(", ")}.)`;
}
