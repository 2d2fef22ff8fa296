// The built-ins of a later V8 than Node 20's (V8 11.3), taken away before any handler code runs: a function that uses
// one (Object.groupBy, Promise.withResolvers, Set.prototype.union, iterator helpers, Uint8Array.prototype.toBase64, …)
// fails here as it would on Segment's Node 20, instead of working only locally. The conformance fixture
// engine_builtins compares every standard built-in's own keys with Node 20's, so what a newer mini-racer adds shows.
(function (global) {
  "use strict";
  const remove = Reflect.deleteProperty;
  const LATER = [
    [global, ["Iterator", "Temporal", "Float16Array", "DisposableStack", "AsyncDisposableStack", "SuppressedError"]],
    [Object, ["groupBy"]], [Map, ["groupBy"]], [Array, ["fromAsync"]], [Promise, ["withResolvers", "try"]],
    [Error, ["isError"]], [RegExp, ["escape"]], [JSON, ["rawJSON", "isRawJSON"]], [Math, ["f16round", "sumPrecise"]],
    [Atomics, ["pause"]], [Intl, ["DurationFormat", "v8BreakIterator"]], [Date.prototype, ["toTemporalInstant"]],
    [Set.prototype, ["union", "intersection", "difference", "symmetricDifference", "isSubsetOf", "isSupersetOf",
      "isDisjointFrom"]],
    [ArrayBuffer.prototype, ["transfer", "transferToFixedLength", "detached"]],
    [DataView.prototype, ["getFloat16", "setFloat16"]],
    [Uint8Array, ["fromBase64", "fromHex"]], [Uint8Array.prototype, ["toBase64", "toHex", "setFromBase64", "setFromHex"]],
  ];
  for (const [owner, names] of LATER) {
    for (const name of names) remove(owner, name);
  }
  // Node 20's Intl.Locale answers with getters (weekInfo, hourCycles, …) what a later V8 answers with methods
  // (getWeekInfo, …); its weekInfo also has minimalDays, which the later ICU data no longer gives.
  const locale = Intl.Locale.prototype;
  const apply = Reflect.apply;
  remove(locale, "firstDayOfWeek");
  for (const name of ["calendars", "collations", "hourCycles", "numberingSystems", "textInfo", "timeZones", "weekInfo"]) {
    const getter = `get${name[0].toUpperCase()}${name.slice(1)}`;
    const method = locale[getter];
    if (typeof method !== "function") continue;
    Object.defineProperty(locale, name, { get() { return apply(method, this, []); }, configurable: true });
    remove(locale, getter);
  }
  // Node 20's iterator prototypes have only their Symbol.iterator (Symbol.asyncIterator); later ones add the iterator
  // helpers (map, filter, take, …), a constructor, a toStringTag and Symbol.dispose (Symbol.asyncDispose).
  const iterator = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
  const asyncIterator = Object.getPrototypeOf(Object.getPrototypeOf(async function* () {}).prototype);
  for (const [prototype, kept] of [[iterator, Symbol.iterator], [asyncIterator, Symbol.asyncIterator]]) {
    for (const key of Reflect.ownKeys(prototype)) {
      if (key !== kept) remove(prototype, key);
    }
  }
})(globalThis);
