import type { Command } from "./command.js";
import { bookingsList } from "./commands/bookings-list.js";
import { businessesCreate } from "./commands/businesses-create.js";
import { businessesList } from "./commands/businesses-list.js";
import { businessesShow } from "./commands/businesses-show.js";
import { businessesUpdate } from "./commands/businesses-update.js";
import { callsList } from "./commands/calls-list.js";
import { callsShow } from "./commands/calls-show.js";
import { connectLink } from "./commands/connect-link.js";

/** Every command, in the order --help lists them. */
export const COMMANDS: Command[] = [businessesList, businessesShow, businessesCreate, businessesUpdate, connectLink, callsList, callsShow, bookingsList];
