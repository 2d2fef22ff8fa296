// Finished results as lines of UTF-16 in a SharedArrayBuffer that Python reads on its own
// (segtui/runtime/results.py), so a run of events costs no host call per event. Each line is
// `finish time in ms <TAB> 1 if an error needs Python's clean-up, else 0 <TAB> result JSON`;
// the header's first Int32 is the end of the committed lines, in code units. A "results" host
// call hands over everything committed (and empties the buffer) when it is full, when the last
// hand-over is a few ms old (so results stream while JS keeps the thread busy), or a run ends.
(function (global) {
  "use strict";
  const HEADER_BYTES = 8;
  const CAPACITY = 1 << 19;
  const HAND_OVER_MS = 2;
  const buffer = new SharedArrayBuffer(HEADER_BYTES + 2 * CAPACITY);
  const header = new Int32Array(buffer, 0, 1);
  const units = new Uint16Array(buffer, HEADER_BYTES);
  const host = global.__segtui_host;
  const now = Date.now.bind(Date);
  let end = 0;
  let handedOver = 0;

  // Python reads what is committed, then `line` when it is too long for the buffer; the buffer is empty after.
  function handOver(line) {
    host.call("results", line);
    end = 0;
    handedOver = now();
  }

  function write(line, finished) {
    const length = line.length;
    for (let i = 0; i < length; i++) units[end + i] = line.charCodeAt(i);
    end += length;
    Atomics.store(header, 0, end);
    if (finished - handedOver >= HAND_OVER_MS) handOver(null);
  }

  Object.defineProperty(global, "__segtui_results", {
    value: {
      buffer,
      commit(result) {
        const cleanUp = result.error || result.items ? 1 : 0;
        const finished = now();
        const line = `${finished}\t${cleanUp}\t${JSON.stringify(result)}\n`;
        if (end + line.length <= CAPACITY) {
          write(line, finished);
        } else if (line.length <= CAPACITY) {
          handOver(null);
          write(line, finished);
        } else {
          handOver(line);
        }
      },
      finish() {
        if (end > 0) handOver(null);
      },
    },
  });
})(globalThis);
