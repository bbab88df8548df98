import { z } from "zod";
import { changesSomething, OWNER_SETTING_FIELDS } from "../businesses/business-requests.js";

/** PATCH /api/member/businesses/{id}/settings's body: any of the settings an owner may change,
 *  with the operator PATCH's own field rules, so a refusal names the same field the same way. A
 *  misspelt field, or one only operators change (phoneNumber, active, …), is refused by name. */
export const MemberSettingsBodySchema = z
  .strictObject(OWNER_SETTING_FIELDS)
  .refine(...changesSomething)
  .meta({ minProperties: 1 });
