// Finished results as lines of UTF-16 in a SharedArrayBuffer that Python reads on its own
// (segtui/runtime/results.py), so a run of events costs no host call per event. Each line is
// `finish time in ms <TAB> 1 if an error needs Python's clean-up, else 0 <TAB> result JSON`;
// the header's first Int32 is the end of the committed lines, in code units. A "results" host
// call hands over everything committed (and empties the buffer) when it is full, when the last
// hand-over is 10 ms old (so results stream while JS keeps the thread busy), or a run ends. Python also
// reads what is committed before each fetch, so a replay that fetches per event needs few hand-overs:
// at 2 ms there were 0.4 per event, ~40 µs each.
(function (global) {
  "use strict";
  const HEADER_BYTES = 8;
  const CAPACITY = 1 << 19;
  const HAND_OVER_MS = 10;
  const buffer = new SharedArrayBuffer(HEADER_BYTES + 2 * CAPACITY);
  const header = new Int32Array(buffer, 0, 1);
  const units = new Uint16Array(buffer, HEADER_BYTES);
  const host = global.__segtui.host;
  const { stringify, copyUnits, String, hasOwn, store } = global.__segtui.intrinsics;
  // A field of segtui's own record, never one a handler put on Object.prototype (`items`, `emittedJson`, …).
  const own = (record, name) => (hasOwn(record, name) ? record[name] : undefined);
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
    copyUnits(units, end, line, 0, length);
    end += length;
    store(header, 0, end);
    if (finished - handedOver >= HAND_OVER_MS) handOver(null);
  }

  // A result as JSON, written field by field from strings, numbers and the return value's own JSON
  // (`returnJson`), so that nothing a handler changes (JSON.stringify, a toJSON on a prototype) alters it.
  function text(value) {
    return value === undefined || value === null ? "null" : stringify(String(value));
  }

  function list(items, encode) {
    if (!items) return "[]";
    let out = "";
    for (let i = 0; i < items.length; i++) out += (i ? "," : "") + encode(items[i]);
    return `[${out}]`;
  }

  function encodeError(error) {
    if (!error) return "null";
    return `{"name":${text(own(error, "name"))},"message":${text(own(error, "message"))},` +
      `"stack":${text(own(error, "stack"))}` + (own(error, "origin") ? `,"origin":${text(error.origin)}}` : "}");
  }

  function encodeLog(entry) {
    return `{"level":${text(own(entry, "level"))},"message":${text(own(entry, "message"))},` +
      `"time":${text(own(entry, "time"))},"seq":${+own(entry, "seq")}}`;
  }

  function encode(result) {
    let out = `{"event_type":${text(own(result, "event_type"))},"handler_name":${text(own(result, "handler_name"))},` +
      `"outcome":${text(own(result, "outcome"))},"return":${own(result, "returnJson") || "null"},` +
      `"error":${encodeError(own(result, "error"))}`;
    if (own(result, "returnedUndefined")) out += `,"returned_undefined":true`;
    const logs = own(result, "logs");
    if (logs) out += `,"logs":${list(logs, encodeLog)},"logs_dropped":${+own(result, "logs_dropped")}`;
    if (own(result, "items")) out += `,"items":${list(result.items, encode)}`;
    if (own(result, "emittedJson")) out += `,"emitted":${result.emittedJson}`;
    if (own(result, "unset_settings")) out += `,"unset_settings":${list(result.unset_settings, text)}`;
    if (own(result, "unset_more")) out += `,"unset_more":${+result.unset_more}`;
    return out + "}";
  }

  global.__segtui.results = {
    buffer,
    commit(result) {
      const cleanUp = own(result, "error") || own(result, "items") ? 1 : 0;
      const finished = now();
      const line = `${finished}\t${cleanUp}\t${encode(result)}\n`;
      if (end + line.length <= CAPACITY) {
        write(line, finished);
      } else if (line.length <= CAPACITY) {
        handOver(null);
        write(line, finished);
      } else {
        handOver(line);
      }
    },
    // Always a host call, even with nothing to hand over: Python ends the run's hold on V8's thread there.
    finish() {
      handOver(null);
    },
  };
})(globalThis);
