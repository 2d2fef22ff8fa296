// The global URL's errors as Node 20 throws them: a URL it cannot parse is `TypeError: Invalid URL` with its `code`
// ERR_INVALID_URL and the `input` (and `base`) given, whatever core-js's parser says of it (`Invalid scheme`, …);
// `new URL()` names the missing argument. A handler that forgets the scheme of `settings.endpoint` sees Node's words.
// core-js keeps a URL's parts in plain objects, which meet what a handler put on Object.prototype (an accessor named
// `host` or `port`, say) where Node's meet nothing: URL's and URLSearchParams' every method and accessor, and the
// constructors, run with those put aside (lazy.js's `apart`), the vendored file as it is. The handler's own code they
// call runs with them: a URL's text is taken (its toString) before, a searchParams.forEach callback gets them back.
// URLSearchParams reads its init as Node's does, with Node's errors for a pair that is none. A URL's host name is
// Node's (url_host.js): one Node refuses makes the URL invalid.
(function (global) {
  "use strict";
  const { Proxy, apply, append } = global.__segtui.intrinsics;
  const { apart, handlerSide, indexed } = global.__segtui.lazy;
  const { defineProperty, getOwnPropertyDescriptor, getPrototypeOf } = Object;
  const { nodeError } = global.__segtui.nodeErrors;
  const construct = Reflect.construct;
  const captureStackTrace = Error.captureStackTrace;
  const CoreURL = global.URL;
  const { keep } = global.__segtui.urlPath;
  const { nodeHost } = global.__segtui.urlHost;
  const coreParse = CoreURL.parse;

  // Node's error for a URL it cannot make of `args`, its stack from the caller of `from` on.
  function invalid(args, from) {
    const error = new TypeError("Invalid URL");
    error.code = "ERR_INVALID_URL";
    error.input = String(args[0]);
    if (args.length > 1 && args[1] !== undefined) error.base = String(args[1]);
    captureStackTrace(error, from);
    return error;
  }

  // `url` as Node makes it of `texts`, or null where Node refuses its host; run apart.
  function asNode(url, texts) {
    if (url === null || !nodeHost(url, texts)) return null;
    keep(url, texts);
    return url;
  }

  // Node pushes each name and value onto URLSearchParams' list of pairs (parsing a query, taking a constructor's init,
  // append, and set of a name not there yet): the index setters a handler put on Array.prototype or Object.prototype run
  // there, given the names and values with the list as `this`. core-js's list holds its own entries, which a setter of
  // the handler's must not reach: everything runs apart, then the names and values stored are pushed onto a copy of
  // Node's list, one at a time.
  const { push } = Array.prototype;
  const CoreParams = global.URLSearchParams;
  const coreForEach = CoreParams.prototype.forEach;
  // Node's list of pairs for `params`: each name, then its value.
  const itemsOf = (params) => apart(() => {
    const found = [];
    apply(coreForEach, params, [(value, name) => {
      append(found, name);
      append(found, value);
    }]);
    return found;
  });
  // Node's pushes of `items` from `from` on, onto a list holding those before.
  function pushed(items, from) {
    const list = [];
    for (let i = 0; i < items.length; i++) {
      if (i < from) append(list, items[i]);
      else apply(push, list, [items[i]]);
    }
  }
  // `store` (an append or set of `params`) run, and the pair it added pushed as Node's.
  function storedAsNode(params, store) {
    if (!indexed()) return store();
    const before = itemsOf(params).length;
    const result = store();
    const items = itemsOf(params);
    if (items.length === before + 2) pushed(items, before);
    return result;
  }
  const STORES = { __proto__: null, append: true, set: true };

  // `method` run apart, with its name and length; forEach's callback, the handler's, runs on the handler's side.
  function guarded(method) {
    const name = method.name;
    const wrapped = name === "forEach" ? { forEach(callback, thisArg) {
      const called = typeof callback !== "function" ? callback
        : function (value, key, params) { return handlerSide(() => apply(callback, thisArg, [value, key, params])); };
      return apart(() => apply(method, this, [called, thisArg]));
    } }.forEach
      : STORES[name] ? { [name]() { return storedAsNode(this, () => apart(() => apply(method, this, arguments))); } }[name]
        : { [name]() { return apart(() => apply(method, this, arguments)); } }[name];
    defineProperty(wrapped, "length", { value: method.length, configurable: true });
    return wrapped;
  }

  function guardAll(owner) {
    for (const key of Reflect.ownKeys(owner)) {
      const found = getOwnPropertyDescriptor(owner, key);
      if (key === "constructor" || key === "prototype" || !found.configurable) continue;
      for (const part of ["value", "get", "set"]) {
        if (typeof found[part] === "function") found[part] = guarded(found[part]);
      }
      defineProperty(owner, key, found);
    }
  }
  const coreSearch = getOwnPropertyDescriptor(CoreURL.prototype, "search").get;
  for (const owner of [CoreURL, CoreURL.prototype, CoreParams.prototype, getPrototypeOf(new CoreParams().entries())]) {
    guardAll(owner);
  }
  // Node makes a URL's searchParams when it is first read and, once it is made, parses the query again when search or
  // href is assigned, pushing each name and value onto a new list (not for new URL, its text or its other parts, native
  // in Node).
  const paramsMade = new WeakSet();
  const { has: isMade, add: madeNow } = WeakSet.prototype;
  function parsedAsNode(url) {
    if (indexed()) pushed(itemsOf(apart(() => construct(CoreParams, [apply(coreSearch, url, [])]))), 0);
  }
  const guardedParts = Object.getOwnPropertyDescriptors(CoreURL.prototype);
  const parsing = {
    get searchParams() {
      const params = apply(guardedParts.searchParams.get, this, []);
      if (!apply(isMade, paramsMade, [this])) {
        parsedAsNode(this);
        apply(madeNow, paramsMade, [this]);
      }
      return params;
    },
    set search(value) {
      apply(guardedParts.search.set, this, [value]);
      if (apply(isMade, paramsMade, [this])) parsedAsNode(this);
    },
    set href(value) {
      // Node's error for a URL it cannot parse, the URL left as it was (core-js's leaves it ":").
      const text = `${value}`;
      if (apart(() => asNode(coreParse(text), [text])) === null) throw invalid([text], getOwnPropertyDescriptor(parsing, "href").set);
      apply(guardedParts.href.set, this, [text]);
      if (apply(isMade, paramsMade, [this])) parsedAsNode(this);
    },
  };
  for (const [name, part] of [["searchParams", "get"], ["search", "set"], ["href", "set"]]) {
    defineProperty(CoreURL.prototype, name, { ...guardedParts[name], [part]: getOwnPropertyDescriptor(parsing, name)[part] });
  }
  // URL.parse and URL.canParse as Node's: enumerable, in its order, and its error for no argument.
  for (const name of ["parse", "canParse"]) {
    const named = { [name](url) {
      if (arguments.length === 0) throw nodeError(TypeError, "ERR_MISSING_ARGS", 'The "url" argument must be specified');
      // Each text taken once, as Node takes it.
      const texts = arguments.length > 1 && arguments[1] !== undefined ? [`${arguments[0]}`, `${arguments[1]}`] : [`${url}`];
      const made = apart(() => asNode(apply(coreParse, this, texts), texts));
      return name === "canParse" ? made !== null : made;
    } }[name];
    delete CoreURL[name];
    defineProperty(CoreURL, name, { value: named, writable: true, enumerable: true, configurable: true });
  }
  const invalidTuple = () => nodeError(TypeError, "ERR_INVALID_TUPLE", "Each query pair must be an iterable [name, value] tuple");
  // What Node's constructor takes from `init` (null as nothing; an iterable of pairs read once into [name, value]
  // arrays; an object's enumerable keys, a symbol refused), with its errors, for core-js's to read.
  function pairsOf(init) {
    if (init === null) return [];
    if (typeof init !== "object" && typeof init !== "function") return [init];
    const method = init[Symbol.iterator];
    if (method == null) {
      for (const key of Reflect.ownKeys(init)) {
        if (typeof key === "symbol" && getOwnPropertyDescriptor(init, key)?.enumerable) `${key}`;  // Node's TypeError
      }
      return [init];
    }
    if (init instanceof CoreParams) return [init];
    if (typeof method !== "function") throw nodeError(TypeError, "ERR_ARG_NOT_ITERABLE", "Query pairs must be iterable");
    const pairs = [];
    for (const pair of init) {
      let items = pair;
      if (pair == null) throw invalidTuple();
      if (!Array.isArray(pair)) {
        if ((typeof pair !== "object" && typeof pair !== "function") || typeof pair[Symbol.iterator] !== "function") throw invalidTuple();
        items = [...pair];
      }
      if (items.length !== 2) throw invalidTuple();
      append(pairs, [`${items[0]}`, `${items[1]}`]);
    }
    return [pairs];
  }
  global.URLSearchParams = new Proxy(CoreParams, {
    __proto__: null,
    construct(target, args, newTarget) {
      const given = args.length === 0 || args[0] === undefined ? [] : pairsOf(args[0]);
      const params = apart(() => construct(target, given, newTarget));
      if (indexed()) pushed(itemsOf(params), 0);
      return params;
    },
    apply() {
      throw new TypeError("Class constructor URLSearchParams cannot be invoked without 'new'");
    },
  });
  defineProperty(CoreParams.prototype, "constructor", { value: global.URLSearchParams, writable: true, configurable: true });

  global.URL = new Proxy(CoreURL, {
    __proto__: null,
    construct(target, args, newTarget) {
      if (args.length === 0) throw nodeError(TypeError, "ERR_MISSING_ARGS", 'The "url" argument must be specified');
      // Taken as Node takes them, before anything is put aside: a toString of the handler's runs as it wrote it.
      const texts = args.length > 1 && args[1] !== undefined ? [`${args[0]}`, `${args[1]}`] : [`${args[0]}`];
      const url = apart(() => {
        let made;
        try {
          made = construct(target, texts, newTarget);
        } catch (error) {
          if (!(error instanceof TypeError)) throw error;  // a getter of the handler's newTarget that threw, say
          return null;
        }
        return asNode(made, texts);
      });
      if (url === null) throw invalid(texts, this.construct);
      return url;
    },
    apply() {
      throw new TypeError("Class constructor URL cannot be invoked without 'new'");
    },
  });
  // `url.constructor === URL`, as in Node.
  defineProperty(CoreURL.prototype, "constructor", { value: global.URL, writable: true, configurable: true });
})(globalThis);
