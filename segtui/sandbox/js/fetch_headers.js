// node-fetch 2.6.0's Headers: case-insensitive names that keep the casing first used,
// `append` joining with ", ", iteration sorted by name, and the non-standard raw().
(function (global) {
  "use strict";
  const MAP = Symbol("map");
  const INVALID_TOKEN = /[^\^_`a-zA-Z\-0-9!#$%&'*+.|~]/;
  const INVALID_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

  function validateName(name) {
    if (INVALID_TOKEN.test(name) || name === "") throw new TypeError(`${name} is not a legal HTTP header name`);
  }

  function validateValue(value) {
    if (INVALID_VALUE.test(value)) throw new TypeError(`${value} is not a legal HTTP header value`);
  }

  function find(map, name) {
    const lower = name.toLowerCase();
    for (const key in map) {
      if (key.toLowerCase() === lower) return key;
    }
    return undefined;
  }

  function pairs(headers, kind) {
    const map = headers[MAP];
    const keys = Object.keys(map).sort();
    if (kind === "key") return keys.map((key) => key.toLowerCase());
    if (kind === "value") return keys.map((key) => map[key].join(", "));
    return keys.map((key) => [key.toLowerCase(), map[key].join(", ")]);
  }

  const INTERNAL = Symbol("internal");
  const IteratorPrototype = Object.setPrototypeOf({
    next() {
      if (!this || Object.getPrototypeOf(this) !== IteratorPrototype) {
        throw new TypeError("Value of `this` is not a HeadersIterator");
      }
      const state = this[INTERNAL];
      const values = pairs(state.target, state.kind);
      if (state.index >= values.length) return { value: undefined, done: true };
      return { value: values[state.index++], done: false };
    },
  }, Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())));
  Object.defineProperty(IteratorPrototype, Symbol.toStringTag, { value: "HeadersIterator", configurable: true });

  function iterate(target, kind) {
    const iterator = Object.create(IteratorPrototype);
    iterator[INTERNAL] = { target, kind, index: 0 };
    return iterator;
  }

  class Headers {
    constructor(init = undefined) {
      this[MAP] = Object.create(null);
      if (init instanceof Headers) {
        const raw = init.raw();
        for (const name of Object.keys(raw)) {
          for (const value of raw[name]) this.append(name, value);
        }
        return;
      }
      if (init == null) return;
      if (typeof init !== "object") throw new TypeError("Provided initializer must be an object");
      const method = init[Symbol.iterator];
      if (method == null) {
        for (const key of Object.keys(init)) this.append(key, init[key]);
        return;
      }
      if (typeof method !== "function") throw new TypeError("Header pairs must be iterable");
      const list = [];
      for (const pair of init) {
        if (typeof pair !== "object" || typeof pair[Symbol.iterator] !== "function") {
          throw new TypeError("Each header pair must be iterable");
        }
        list.push(Array.from(pair));
      }
      for (const pair of list) {
        if (pair.length !== 2) throw new TypeError("Each header pair must be a name/value tuple");
        this.append(pair[0], pair[1]);
      }
    }

    get(name) {
      name = `${name}`;
      validateName(name);
      const key = find(this[MAP], name);
      return key === undefined ? null : this[MAP][key].join(", ");
    }

    forEach(callback, thisArg = undefined) {
      let list = pairs(this);
      for (let i = 0; i < list.length; i++) {
        callback.call(thisArg, list[i][1], list[i][0], this);
        list = pairs(this);
      }
    }

    set(name, value) {
      name = `${name}`;
      value = `${value}`;
      validateName(name);
      validateValue(value);
      const key = find(this[MAP], name);
      this[MAP][key !== undefined ? key : name] = [value];
    }

    append(name, value) {
      name = `${name}`;
      value = `${value}`;
      validateName(name);
      validateValue(value);
      const key = find(this[MAP], name);
      if (key !== undefined) this[MAP][key].push(value);
      else this[MAP][name] = [value];
    }

    has(name) {
      name = `${name}`;
      validateName(name);
      return find(this[MAP], name) !== undefined;
    }

    delete(name) {
      name = `${name}`;
      validateName(name);
      const key = find(this[MAP], name);
      if (key !== undefined) delete this[MAP][key];
    }

    raw() {
      return this[MAP];
    }

    keys() {
      return iterate(this, "key");
    }

    values() {
      return iterate(this, "value");
    }

    [Symbol.iterator]() {
      return iterate(this, "key+value");
    }
  }
  Headers.prototype.entries = Headers.prototype[Symbol.iterator];
  Object.defineProperty(Headers.prototype, Symbol.toStringTag, { value: "Headers", configurable: true });
  for (const name of ["get", "forEach", "set", "append", "has", "delete", "keys", "values", "entries"]) {
    Object.defineProperty(Headers.prototype, name, { enumerable: true });
  }

  // Response headers as Node parsed them: [[lower-case name, [values]]], taken without validation. Read by index: a
  // destructuring (`const [name, values]`) asks the iterator for `return`, which a handler may define on Object.prototype.
  function fromNode(list) {
    const headers = new Headers();
    for (let i = 0; i < list.length; i++) headers[MAP][list[i][0]] = list[i][1];
    return headers;
  }

  global.Headers = Headers;
  global.__segtui.headers = { fromNode, find };
})(globalThis);
