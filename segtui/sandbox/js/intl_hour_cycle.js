// The hour cycle `hour12` chooses, as Node 20's V8 (11.3) chooses it, by ECMA-402's rule before its 2023 fix: from the
// locale's own cycle, hour12: false gives h23 where that is h11 or h23, else h24; hour12: true gives h11 where that is
// h11 or h23, else h12. So in en-US, whose own cycle is h12, `toLocaleString("en-US", { hour12: false })` writes the
// hour after midnight "24:05" in Node 20, where the later V8 writes "00:05"; en-GB's `hour12: true` writes "0:05 am".
// Handlers that format times with hour12: false meet it every night. builtin_wording.js calls Intl.DateTimeFormat
// with the arguments `withNode20HourCycle` gives, and Date's toLocaleString, toLocaleDateString and
// toLocaleTimeString as `node20LocaleString` makes them.
(function (global) {
  "use strict";
  const internal = global.__segtui;
  const { apply, put } = internal.intrinsics;
  const NativeDateTimeFormat = Intl.DateTimeFormat;
  const resolvedOptions = NativeDateTimeFormat.prototype.resolvedOptions;
  const create = Object.create;
  const defineProperty = Object.defineProperty;
  const construct = Reflect.construct;

  // The locale's own hour cycle (a -u-hc- extension counts), as a DateTimeFormat of the hour resolves it.
  function ownCycle(locales) {
    return apply(resolvedOptions, construct(NativeDateTimeFormat, [locales, { hour: "numeric" }]), []).hourCycle;
  }

  // `args` (locales, options, …) with an options object whose hour12 is replaced by the hourCycle Node 20 gives it;
  // `args` itself when it has no hour12. The options given stay the prototype, so every other option is read from
  // them when V8 reads it.
  function withNode20HourCycle(args) {
    const options = args[1];
    if (options === null || (typeof options !== "object" && typeof options !== "function")) return args;
    const hour12 = options.hour12;
    if (hour12 === undefined) return args;
    const own = ownCycle(args[0]);
    const early = own === "h11" || own === "h23";
    const cycle = hour12 ? (early ? "h11" : "h12") : (early ? "h23" : "h24");
    const adjusted = create(options);
    defineProperty(adjusted, "hour12", { value: undefined, writable: true, enumerable: true, configurable: true });
    defineProperty(adjusted, "hourCycle", { value: cycle, writable: true, enumerable: true, configurable: true });
    const list = [];
    for (let index = 0; index < args.length; index++) put(list, index, index === 1 ? adjusted : args[index]);
    return list;
  }
  internal.withNode20HourCycle = withNode20HourCycle;

  // Date's toLocaleString (toLocaleDateString, toLocaleTimeString) given an hour12, through a DateTimeFormat of the
  // options ECMA-402's ToDateTimeOptions makes (`required` and `defaults`: "any" and "all", "date", or "time"): the
  // later V8's own path writes h24's hour after midnight "00" where its DateTimeFormat writes "24". Else `native`.
  const getTime = Date.prototype.getTime;
  const formatOf = Object.getOwnPropertyDescriptor(NativeDateTimeFormat.prototype, "format").get;  // an accessor
  const DATE = ["weekday", "year", "month", "day"];
  const TIME = ["dayPeriod", "hour", "minute", "second", "fractionalSecondDigits"];
  internal.node20LocaleString = (native, required, defaults) => (self, args) => {
    const options = args[1];
    const given = options !== null && typeof options === "object" && options.hour12 !== undefined;
    if (!given) return apply(native, self, args);
    const time = apply(getTime, self, []);
    const made = create(options);
    let needDefaults = options.dateStyle === undefined && options.timeStyle === undefined;
    for (const name of required === "time" ? TIME : required === "date" ? DATE : [...DATE, ...TIME]) {
      if (options[name] !== undefined) needDefaults = false;
    }
    if (required === "date" && options.timeStyle !== undefined) return apply(native, self, args);  // its TypeError
    if (required === "time" && options.dateStyle !== undefined) return apply(native, self, args);
    const shown = needDefaults ? (defaults === "date" ? ["year", "month", "day"] : defaults === "time"
      ? ["hour", "minute", "second"] : ["year", "month", "day", "hour", "minute", "second"]) : [];
    for (const name of shown) {
      defineProperty(made, name, { value: "numeric", writable: true, enumerable: true, configurable: true });
    }
    const prepared = withNode20HourCycle([args[0], made]);
    if (time !== time) return "Invalid Date";
    return apply(apply(formatOf, construct(NativeDateTimeFormat, prepared), []), undefined, [time]);
  };
})(globalThis);
