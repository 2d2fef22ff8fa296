// Node as a whole process, for bench/commands.py: replay an NDJSON file of events through a handler one
// after another, with the conformance reference's globals (node-fetch 2.6.0, btoa, lodash, …) and dispatch.
//
//   node bench/node_replay_process.js HANDLER.js EVENTS.ndjson SETTINGS.json [MOCK.json]
//
// Prints one JSON line per event ({"outcome", "return", "error", "logs"}) to stdout, then a summary line
// ("Replayed N events in S s", the loop alone) to stderr; exits 1 when an event did not succeed, as
// `segtui replay` does. The caller times the process from launch to exit. MOCK.json, a JSON array of
// segtui mock rules ({method, url, status, headers, json}), answers matching requests in-process with a
// node-fetch Response and refuses any other, as `segtui run --mock … --offline` does.
"use strict";
const fs = require("fs");
const path = require("path");
const { installGlobals, loadHandler, invoke } = require(path.join(__dirname, "..", "tests", "conformance", "reference.js"));

function stubFetch(rules) {
  const { Response } = globalThis;
  return async function fetch(url, init = {}) {
    const method = String(init.method || "GET").toUpperCase();
    const rule = rules.find((candidate) => String(candidate.method || "GET").toUpperCase() === method && candidate.url === String(url));
    if (rule === undefined) throw new TypeError(`offline: no mock rule answers ${method} ${url}`);
    const headers = { "Content-Type": "application/json", ...(rule.headers || {}) };
    return new Response(JSON.stringify(rule.json), { status: rule.status || 200, headers });
  };
}

async function main() {
  const [handlerPath, eventsPath, settingsPath, mockPath] = process.argv.slice(2);
  const logs = [];
  installGlobals(logs);
  if (mockPath) Object.defineProperty(globalThis, "fetch", { value: stubFetch(JSON.parse(fs.readFileSync(mockPath, "utf8"))), writable: true, configurable: true });
  const loaded = loadHandler(handlerPath);
  if (!loaded.ok) throw new Error(`${handlerPath}: ${loaded.error.name}: ${loaded.error.message}`);
  const settings = JSON.parse(fs.readFileSync(settingsPath, "utf8"));
  const events = fs.readFileSync(eventsPath, "utf8").split("\n").filter((line) => line.trim()).map((line) => JSON.parse(line));
  let failed = 0;
  const started = process.hrtime.bigint();
  for (const event of events) {
    const result = await invoke(event, settings);
    result.logs = logs.splice(0);
    if (result.outcome !== "success") failed += 1;
    process.stdout.write(JSON.stringify(result) + "\n");
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stderr.write(`Replayed ${events.length} events in ${seconds.toFixed(3)} s (${failed} not successful)\n`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(2);
});
