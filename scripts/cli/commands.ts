import type { Command } from "./command.js";
import { bookingsList } from "./commands/bookings-list.js";
import { businessesCreate } from "./commands/businesses-create.js";
import { businessesList } from "./commands/businesses-list.js";
import { businessesShow } from "./commands/businesses-show.js";
import { businessesUpdate } from "./commands/businesses-update.js";
import { callsList } from "./commands/calls-list.js";
import { callsShow } from "./commands/calls-show.js";
import { connectLink } from "./commands/connect-link.js";
import { membersAdd } from "./commands/members-add.js";
import { membersLink } from "./commands/members-link.js";
import { membersList } from "./commands/members-list.js";
import { membersRemove } from "./commands/members-remove.js";

/** Every command, in the order --help lists them. */
export const COMMANDS: Command[] = [
  businessesList, businessesShow, businessesCreate, businessesUpdate, connectLink, membersList, membersAdd, membersRemove, membersLink, callsList, callsShow, bookingsList,
];
