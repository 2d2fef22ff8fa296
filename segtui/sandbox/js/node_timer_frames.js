// A timer's callback called as Node 20 calls it, so that what it sees and the stack an error made in it carries are
// Node's: its `this` is the Timeout (Immediate) it belongs to, it is called as that object's `_onTimeout`
// (`_onImmediate`), and beneath it are Node's own frames. `setTimeout(() => reject(new Error("timed out")), 3000)`,
// logged, reads in Node 20:
//     Error: timed out
//         at Timeout._onTimeout (handler.js:3:40)
//         at listOnTimeout (node:internal/timers:581:17)
//         at process.processTimers (node:internal/timers:519:7)
// The calls are made from a script named node:internal/timers, each at the line and column of Node 20's own call
// (lib/internal/timers.js: with arguments, listOnTimeout's ReflectApply at 583:11; an immediate's at 483:21 or
// 485:21), from a receiver whose constructor is named `process`, as Node's process object's is.
(function (global) {
  "use strict";
  const internal = global.__segtui;
  const { apply, append } = internal.intrinsics;
  const indirectEval = eval;
  const LINES = {
    470: "  function processImmediate(immediate, argv) {",
    482: "        if (!argv)",
    483: "          immediate._onImmediate();",
    484: "        else",
    485: "          immediate._onImmediate(...argv);",
    486: "  }",
    510: "  function processTimers(timer, args) {",
    519: "      listOnTimeout(timer, args);",
    520: "  }",
    570: "  function listOnTimeout(timer, args) {",
    580: "        if (args === undefined)",
    581: "          timer._onTimeout();",
    582: "        else",
    583: "          ReflectApply(timer._onTimeout, timer, args);",
    584: "  }",
    600: "  function process() {}",
    601: "  return { processTimers, processImmediate, receiver: new process() };",
    602: "})",
  };
  const lines = ["(function (ReflectApply) { \"use strict\";"];
  for (let line = 2; line <= 602; line++) append(lines, LINES[line] ?? "");
  append(lines, "//# sourceURL=node:internal/timers");
  const node = indirectEval(lines.join("\n"))(Reflect.apply);

  internal.nodeTimers = {
    // Run a Timeout's callback (its `_onTimeout`) with `args` (none: an empty array), as Node's listOnTimeout does.
    runTimeout(timeout, args) {
      apply(node.processTimers, node.receiver, [timeout, args.length === 0 ? undefined : args]);
    },
    // Run an Immediate's callback (its `_onImmediate`) with `args`, as Node's processImmediate does.
    runImmediate(immediate, args) {
      apply(node.processImmediate, node.receiver, [immediate, args.length === 0 ? undefined : args]);
    },
  };
})(globalThis);
