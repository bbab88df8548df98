import { BusinessViewSchema, type BusinessView } from "../../lib/businesses/business-view.js";
import { segment, type ApiClient } from "./api-client.js";

/** A business, for its name and time zone (the tables show times where the business is). */
export async function getBusiness(api: ApiClient, id: string): Promise<BusinessView> {
  return (await api.get(`/api/businesses/${segment(id)}`, BusinessViewSchema)).data;
}
