// npm run cli -- <command> [flags] – the operator CLI: businesses, connect links, calls and
// bookings through a running server's operator API. `npm run cli -- --help` lists the commands.
import { runCli } from "./cli/run-cli.js";

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  env: process.env,
});
