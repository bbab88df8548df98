import { DbError } from "../db/db-errors.js";
import { ApiError } from "../http/api-error.js";

/** The unique constraints on businesses (public.businesses) and the fields they guard. */
const FIELD_OF_CONSTRAINT: Record<string, string> = {
  businesses_phone_number_key: "phoneNumber",
  businesses_vapi_phone_number_id_key: "vapiPhoneNumberId",
};

/** A 409 naming the field when `error` says another business already has this phone line;
 *  the error itself otherwise. */
export function duplicateLineError(error: unknown): unknown {
  if (!(error instanceof DbError) || error.kind !== "unique_violation") return error;
  const field = FIELD_OF_CONSTRAINT[error.constraint ?? ""];
  return new ApiError("conflict", `${field ?? "phoneNumber"}: another business already has this ${field === "vapiPhoneNumberId" ? "VAPI phone number id" : "phone number"}`, { cause: error });
}
