// console.log shows a URL and a URLSearchParams as Node does (their util.inspect hooks): a URL as an object of its
// parts, a URLSearchParams as its pairs. core-js's classes keep their state out of sight, so util.inspect alone
// would show little of them. Source functions get `request.url` as a URL, and many handlers log one.
// A URLSearchParams iterator (`params.keys()`, `.values()`, `.entries()`) shows the names, values or pairs it has still
// to give (`URLSearchParams Iterator { 'a', 'b' }`), as Node's hook writes them: each iterator's params, kind and the
// pairs it gave are kept aside as it is made and stepped, since core-js keeps its own out of sight.
(function (global) {
  "use strict";
  const CUSTOM = Symbol.for("nodejs.util.inspect.custom");
  const { URL, URLSearchParams } = global;
  const { defineProperty, getOwnPropertyDescriptor, getPrototypeOf } = Object;
  const { append, apply, uncurry } = global.__segtui.intrinsics;
  const join = uncurry(Array.prototype.join);
  const includes = uncurry(String.prototype.includes);
  const weakGet = uncurry(WeakMap.prototype.get);
  const weakSet = uncurry(WeakMap.prototype.set);
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
    for (const [name, value] of this) append(pairs, `${inspect(name, inner)} => ${inspect(value, inner)}`);
    const title = nameOf(this, "URLSearchParams");
    if (pairs.length === 0) return `${title} {}`;
    const width = pairs.reduce((sum, pair) => sum + pair.length + 2, -2);
    return width > options.breakLength ? `${title} {\n  ${pairs.join(",\n  ")} }` : `${title} { ${pairs.join(", ")} }`;
  });

  const ParamsPrototype = URLSearchParams.prototype;
  const IteratorPrototype = getPrototypeOf(new URLSearchParams().entries());
  const iterators = new WeakMap();  // an iterator → { params, kind, given: the pairs its next has given }
  const makers = { __proto__: null };  // each method that makes an iterator → its wrapper (entries is also @@iterator)
  const next = IteratorPrototype.next;
  const entries = ParamsPrototype.entries;

  for (const key of ["keys", "values", "entries", Symbol.iterator]) {
    const found = getOwnPropertyDescriptor(ParamsPrototype, key);
    const make = found.value;
    const kind = make === entries ? "entries" : key;
    const name = make.name;
    makers[name] = makers[name] || { [name]() {
      const iterator = apply(make, this, arguments);
      weakSet(iterators, iterator, { params: this, kind, given: 0 });
      return iterator;
    } }[name];
    defineProperty(makers[name], "length", { value: make.length, configurable: true });
    defineProperty(ParamsPrototype, key, { ...found, value: makers[name] });
  }
  const stepped = { next() {
    const result = apply(next, this, arguments);
    const state = weakGet(iterators, this);
    if (state !== undefined && !result.done) state.given++;
    return result;
  } }.next;
  defineProperty(stepped, "length", { value: next.length, configurable: true });
  defineProperty(IteratorPrototype, "next", { ...getOwnPropertyDescriptor(IteratorPrototype, "next"), value: stepped });

  hook(IteratorPrototype, function (depth, options, inspect) {
    const state = weakGet(iterators, this);
    if (state === undefined) return this;
    if (typeof depth === "number" && depth < 0) return options.stylize("[Object]", "special");
    const inner = { ...options, depth: depth === null ? null : depth - 1 };
    const left = [];
    const all = apply(entries, state.params, []);
    for (let pair = apply(next, all, []), index = 0; !pair.done; pair = apply(next, all, []), index++) {
      if (index < state.given) continue;
      const [name, value] = pair.value;
      append(left, state.kind === "keys" ? name : state.kind === "values" ? value : [name, value]);
    }
    const shown = [];
    for (let i = 0; i < left.length; i++) append(shown, inspect(left[i], inner));
    const text = includes(inspect(left, inner), "\n") ? `\n  ${join(shown, ",\n  ")}` : ` ${join(shown, ", ")}`;
    return `URLSearchParams Iterator {${text} }`;
  });
})(globalThis);
