import { setupServer } from "msw/node";

/** The only network fake (msw). Tests add handlers with server.use(...); anything unhandled fails. */
export const server = setupServer();
