// console.log shows a URL and a URLSearchParams as Node does (their util.inspect hooks): a URL as an object of its
// parts, a URLSearchParams as its pairs. core-js's classes keep their state out of sight, so util.inspect alone
// would show little of them. Source functions get `request.url` as a URL, and many handlers log one.
(function (global) {
  "use strict";
  const CUSTOM = Symbol.for("nodejs.util.inspect.custom");
  const { URL, URLSearchParams } = global;
  const { defineProperty } = Object;
  const PARTS = ["href", "origin", "protocol", "username", "password", "host", "hostname", "port", "pathname", "search",
    "searchParams", "hash"];

  function hook(prototype, show) {
    defineProperty(prototype, CUSTOM, { value: show, writable: true, configurable: true, enumerable: false });
  }

  const nameOf = (value, fallback) => (value.constructor && value.constructor.name) || fallback;

  hook(URL.prototype, function (depth, options, inspect) {
    if (typeof depth === "number" && depth < 0) return this;  // past the depth: inspect shows `URL {}`
    const parts = {};
    for (let i = 0; i < PARTS.length; i++) parts[PARTS[i]] = this[PARTS[i]];
    return `${nameOf(this, "URL")} ${inspect(parts, options)}`;
  });

  hook(URLSearchParams.prototype, function (depth, options, inspect) {
    if (typeof depth === "number" && depth < 0) return options.stylize("[Object]", "special");
    const inner = { ...options, depth: depth === null ? null : depth - 1 };
    const pairs = [];
    for (const [name, value] of this) pairs.push(`${inspect(name, inner)} => ${inspect(value, inner)}`);
    const title = nameOf(this, "URLSearchParams");
    if (pairs.length === 0) return `${title} {}`;
    const width = pairs.reduce((sum, pair) => sum + pair.length + 2, -2);
    return width > options.breakLength ? `${title} {\n  ${pairs.join(",\n  ")} }` : `${title} { ${pairs.join(", ")} }`;
  });
})(globalThis);
