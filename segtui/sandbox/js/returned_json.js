// The Callback Return as JSON text, as segtui can read it back: written with the original JSON.stringify whatever the
// handler did to it, and cut where it nests too deep. What an insert function's
// return passes on is judged here too.
(function (global) {
  "use strict";
  const internal = global.__segtui;
  const { stringify, parse, keys, append, String, isArray } = internal.intrinsics;
  const inspect = (...args) => internal.util().inspect(...args);

  // segtui reads JSON up to 1,000 levels (segtui/json_input.py); a returned value is cut a little
  // above that, leaving room for the records that hold it (results, goldens, cassettes).
  const MAX_DEPTH = 990;
  const CUT = `[nested more than ${MAX_DEPTH} levels deep: segtui shows the first ${MAX_DEPTH}]`;

  function cutDeep(root) {
    if (root === null || typeof root !== "object") return root;
    // Nodes and their depths, in the order met, read by index and added with `append`: no Array.prototype method or
    // index setter a handler put there (pop, the iterator of a destructuring) runs here. An array's items are read by
    // index: its keys would be a string per item (8 million of them ran a 256 MB sandbox out of memory).
    const nodes = [root];
    const depths = [1];
    for (let next = 0; next < nodes.length; next++) {
      const node = nodes[next];
      const depth = depths[next];
      const names = isArray(node) ? null : keys(node);
      const count = names === null ? node.length : names.length;
      for (let i = 0; i < count; i++) {
        const name = names === null ? i : names[i];
        const child = node[name];
        if (child === null || typeof child !== "object") continue;
        if (depth >= MAX_DEPTH) {
          node[name] = CUT;
        } else {
          append(nodes, child);
          append(depths, depth + 1);
        }
      }
    }
    return root;
  }

  // Whether JSON text nests more than MAX_DEPTH levels: its brackets counted outside its strings, read by index (no
  // String.prototype method a handler replaced runs). A text is parsed again only to be cut: a parse of every long
  // return ran a large one (an array of millions of items) out of time or memory, where Node returns it at once.
  function tooDeep(text) {
    let depth = 0;
    for (let i = 0; i < text.length; i++) {
      const unit = text[i];
      if (unit === "\"") {
        for (i++; text[i] !== "\""; i++) if (text[i] === "\\") i++;
      } else if (unit === "[" || unit === "{") {
        if (++depth > MAX_DEPTH) return true;
      } else if (unit === "]" || unit === "}") {
        depth--;
      }
    }
    return false;
  }

  // JSON text cut to MAX_DEPTH levels; each level takes at least two characters, so a short text cannot be too deep.
  function bounded(text) {
    return text.length > 2 * MAX_DEPTH && tooDeep(text) ? stringify(cutDeep(parse(text))) : text;
  }

  // The Callback Return as JSON text, written with the original JSON.stringify whatever the handler did to it.
  function returnJson(value) {
    if (value === undefined) return "null";
    try {
      const text = stringify(value);
      if (text === undefined) return "null";
      return bounded(text);
    } catch (error) {
      try {
        return stringify(inspect(value));
      } catch (unshown) {  // a revoked Proxy inside, say, which util.inspect reads too
        return stringify(`[segtui could not show the returned value: ${String(unshown && unshown.message)}]`);
      }
    }
  }

  // An insert function that returns nothing (or null) drops the event; what it returns is the event passed on. An
  // insert function's onBatch returns the events passed on: none (an empty array) drops the whole batch.
  function returnedOutcome(kind, value, text, batch) {
    if (kind !== "insert") return "success";
    return value === undefined || value === null || (batch && text === "[]") ? "dropped" : "success";
  }

  // Whether JSON text is an array of objects (an insert function's onBatch's events).
  function eventsText(text) {
    if (text[0] !== "[") return false;
    const items = parse(text);
    for (let i = 0; i < items.length; i++) {
      if (items[i] === null || typeof items[i] !== "object" || isArray(items[i])) return false;
    }
    return true;
  }

  // An insert function passes on what it returns as the event: JSON of an object, or nothing (dropped); its onBatch,
  // an array of events. Anything else (a number, text, an array, a value JSON cannot write as an object) is no event:
  // the run fails, saying so.
  function notAnEvent(kind, value, text, batch) {
    if (kind !== "insert" || value === undefined || value === null || (!batch && text[0] === "{")) return null;
    if (batch && eventsText(text)) return null;
    if (batch) {
      const what = isArray(value) ? "an array holding something that is no event" : typeof value === "object"
        ? "an object, not an array" : `a ${typeof value}`;
      return { name: "TypeError", stack: "",
        message: `the insert function's onBatch returned ${what}: it returns the events to pass on (an array of objects), or nothing or null to drop the batch` };
    }
    const what = isArray(value) ? "an array" : typeof value === "object" ? "an object JSON cannot write as one"
      : `a ${typeof value}`;
    return { name: "TypeError", stack: "",
      message: `the insert function returned ${what}, not an event: it returns the event to pass on (an object), or nothing or null to drop it` };
  }

  internal.returned = { bounded, returnJson, returnedOutcome, notAnEvent };
})(globalThis);
