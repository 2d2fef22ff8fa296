// The Node side of bench/replay_throughput.py: replay an NDJSON file of events through a handler with
// the conformance reference's globals (node-fetch 2.6.0, lodash, …) and dispatch, and time it.
//
//   node bench/node_replay.js HANDLER.js EVENTS.ndjson SETTINGS.json [CONCURRENCY]
//
// Prints one JSON object: {"events", "seconds", "outcomes"}. CONCURRENCY events are in flight at
// once (default 1: one after another); the handler is loaded before the clock starts.
"use strict";
const fs = require("fs");
const path = require("path");
const { installGlobals, loadHandler, invoke } = require(path.join(__dirname, "..", "tests", "conformance", "reference.js"));

async function main() {
  const [handlerPath, eventsPath, settingsPath, concurrencyText] = process.argv.slice(2);
  const events = fs.readFileSync(eventsPath, "utf8").split("\n").filter((line) => line.trim()).map((line) => JSON.parse(line));
  const settings = JSON.parse(fs.readFileSync(settingsPath, "utf8"));
  const concurrency = Number(concurrencyText || 1);
  const logs = [];
  installGlobals(logs);
  const loaded = loadHandler(handlerPath);
  if (!loaded.ok) throw new Error(`${handlerPath}: ${loaded.error.name}: ${loaded.error.message}`);
  const outcomes = {};
  let next = 0;
  async function lane() {
    while (next < events.length) {
      const result = await invoke(events[next++], settings);
      logs.length = 0;
      outcomes[result.outcome] = (outcomes[result.outcome] || 0) + 1;
    }
  }
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, lane));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(JSON.stringify({ events: events.length, seconds, outcomes }));
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
