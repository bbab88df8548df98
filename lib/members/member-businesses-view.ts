import { z } from "zod";
import { MemberBusinessSchema } from "../db/member-queries.js";

/** GET /api/member/businesses's answer: the businesses a member can switch between. */
export const MemberBusinessesViewSchema = z.object({ items: z.array(MemberBusinessSchema) });
