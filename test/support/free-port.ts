/** A TCP port nobody listens on right now: the benchmark's helper, shared. */
export { freePort } from "../../scripts/bench/free-port.js";
