// A logged Promise as Node shows it: `Promise { 42 }`, `Promise { <rejected> Error: … }` or `Promise { <pending> }`.
// Node reads a promise's state from V8; JavaScript can only learn it a microtask later, so a log line holding a
// promise is written with a placeholder for it, and finished once its state is known: a reaction added to a settled
// promise runs before one queued after it on a promise already resolved (`finish`), a pending promise's after.
// The placeholder is as long as `Promise { <pending> }`, so the line around it is laid out as for a pending one; a
// promise whose text takes more lines, within what holds it, has the line inspected again as it is then, with the
// promise's text known (the layout around it follows; only the promise's own fit to a line is judged at the
// placeholder's indentation).
(function (global) {
  "use strict";
  const { append, uncurry, then, resolved, defineProperty } = global.__segtui.intrinsics;
  const CUSTOM = Symbol.for("nodejs.util.inspect.custom");
  const util = global.__segtui.util;
  const PromisePrototype = Promise.prototype;
  const describe = Object.getOwnPropertyDescriptor;
  const getPrototypeOf = Object.getPrototypeOf;
  const ownKeys = Reflect.ownKeys;
  const indexOf = uncurry(String.prototype.indexOf);
  const lastIndexOf = uncurry(String.prototype.lastIndexOf);
  const slice = uncurry(String.prototype.slice);
  const replaceAll = uncurry(String.prototype.replaceAll);
  const repeat = uncurry(String.prototype.repeat);
  const PENDING = "Promise { <pending> }";
  const OPEN = "\uE000";
  const CLOSE = "\uE001";
  let shown = [];  // the promises met by the inspect in progress, each with its placeholder
  let made = 0;  // placeholders made: each is unique in a line
  let known = null;  // while a line is inspected again: the promises met the first time, their states known

  // util.inspect's view of a promise while `show` runs: a placeholder, or `[Promise]` past the depth.
  function custom(depth, options, inspect) {
    if (depth !== null && depth < 0) return "[Promise]";
    if (known !== null) {
      for (let index = 0; index < known.length; index++) {
        const item = known[index];
        if (item.promise === this) return promiseText(item, depth, options, inspect, item.indent, 0);
      }
      return this;
    }
    if (ownKeys(this).length > 0) return this;  // util.inspect shows it, its keys with it, as pending
    const id = `${made++}`;
    const token = OPEN + id + repeat("\uE002", PENDING.length - id.length - 2) + CLOSE;
    const top = depth !== null && depth === options.depth;
    append(shown, { promise: this, prefix: prefixOf(this), token, depth, options, top, indent: 0, state: "pending", value: undefined });
    return token;
  }

  // Run `show` (a console's inspect) with promises shown by placeholder; answers [its text, the promises it met,
  // whether they were shown so].
  function showing(show) {
    const outer = shown;
    shown = [];
    let added = false;
    if (describe(PromisePrototype, CUSTOM) === undefined) {
      try {
        defineProperty(PromisePrototype, CUSTOM, { value: custom, writable: true, configurable: true, enumerable: false });
        added = true;
      } catch (error) {
        // The handler froze Promise.prototype: its promises show as pending, as util.inspect alone shows them.
      }
    }
    try {
      const own = describe(PromisePrototype, CUSTOM);
      const ours = added || (own !== undefined && own.value === custom);
      return [show(), shown, ours];
    } finally {
      if (added) delete PromisePrototype[CUSTOM];
      shown = outer;
    }
  }

  // Learn the state of each promise met, then call done(the text finished), a microtask later: each placeholder
  // replaced, or the text made again by redo() when a promise's text spans lines within what holds it, or `again`.
  function finish(text, met, redo, again, done) {
    for (let index = 0; index < met.length; index++) {
      const item = met[index];
      try {
        then(item.promise, (value) => { item.state = "fulfilled"; item.value = value; },
          (reason) => { item.state = "rejected"; item.value = reason; });
      } catch (error) {
        // A promise whose constructor throws when read: shown as pending.
      }
    }
    let finished = false;
    const complete = () => {
      if (finished) return;
      finished = true;
      let final;
      try {
        final = written(text, met, redo, again);
      } catch (error) {
        final = pending(text, met);  // formatted again, it threw (an inspector of the handler's): the first text stays
      }
      done(final);
    };
    then(resolved(undefined), complete);
    return complete;  // to finish at once (the run ends first): a promise not known settled is shown pending
  }

  // The text with each promise shown as pending, as it is until its state is known.
  function pending(text, met) {
    for (let index = 0; index < met.length; index++) {
      const at = indexOf(text, met[index].token);
      if (at >= 0) text = slice(text, 0, at) + `${met[index].prefix}{ <pending> }` + slice(text, at + met[index].token.length);
    }
    return text;
  }

  // The text finished: each promise's text in its placeholder's place, or the whole made again (`finish`).
  function written(text, met, redo, again) {
    const texts = [];
    for (let index = 0; index < met.length; index++) {
      const item = met[index];
      const at = indexOf(text, item.token);
      const lineStart = at < 0 ? 0 : lastIndexOf(text, "\n", at) + 1;
      item.indent = 0;
      while (text[lineStart + item.indent] === " ") item.indent++;
      const shownText = promiseText(item, item.depth, item.options, util().inspect, item.indent, item.indent);
      if (redo !== undefined && (again || (!item.top && indexOf(shownText, "\n") >= 0))) {
        const remade = redone(met, redo);
        if (remade !== null) return remade;
        redo = undefined;  // the handler froze Promise.prototype since: the placeholders are replaced
      }
      append(texts, shownText);
    }
    for (let index = 0; index < met.length; index++) {
      const at = indexOf(text, met[index].token);
      if (at >= 0) text = slice(text, 0, at) + texts[index] + slice(text, at + met[index].token.length);
    }
    return text;
  }

  // redo()'s text with each promise met shown as now known, or null when no view of segtui's can be put on promises.
  function redone(met, redo) {
    const outer = known;
    known = met;
    try {
      const result = showing(redo);  // indexed, not destructured: a handler may replace Array's iterator
      return result[2] ? result[0] : null;
    } finally {
      known = outer;
    }
  }

  // Node's formatPromise with reduceToSingleString: one line when it fits in the break length at `fit` columns in,
  // else the value on its own lines, two columns in from the promise's `pad`.
  function promiseText(item, depth, options, inspect, fit, pad) {
    const open = `${item.prefix}{`;
    if (item.state === "pending") return `${open} <pending> }`;
    const breakLength = options.breakLength === undefined ? 80 : options.breakLength;
    let inner;
    try {
      inner = inspect(item.value, { ...options, depth: depth === null ? null : depth - 1, breakLength: breakLength - fit - 2 });
    } catch (error) {
      return `${open} <pending> }`;
    }
    if (item.state === "rejected") inner = `<rejected> ${inner}`;
    if (indexOf(inner, "\n") < 0 && inner.length + fit + open.length + 12 <= breakLength) return `${open} ${inner} }`;
    const indent = `\n${repeat(" ", pad)}`;
    return `${open}${indent}  ${replaceAll(inner, "\n", `${indent}  `)}${indent}}`;
  }

  // What util.inspect writes before a promise's brace: its constructor's name, and its tag when that differs.
  function prefixOf(promise) {
    let constructor = null;
    for (let proto = promise; proto !== null && constructor === null; proto = getPrototypeOf(proto)) {
      const own = describe(proto, "constructor");
      if (own !== undefined && typeof own.value === "function" && own.value.name !== "") constructor = own.value.name;
    }
    const tag = typeof promise[Symbol.toStringTag] === "string" ? promise[Symbol.toStringTag] : "";
    if (constructor === null) return "[Promise: null prototype] ";
    return tag !== "" && tag !== constructor ? `${constructor} [${tag}] ` : `${constructor} `;
  }

  global.__segtui.promiseInspect = { showing, pending, finish };
})(globalThis);
