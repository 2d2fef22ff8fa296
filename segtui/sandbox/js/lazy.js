// Globals that cost nothing until first touched: a vendor file is fetched from the host and
// evaluated when a handler first reads the global, so start-up does not grow with the libraries
// segtui offers. A handler may assign or declare the name before or after; its value then stays.
(function (global) {
  "use strict";
  const host = global.__segtui.host;
  const evalGlobal = global.eval;
  const { defineProperty } = Object;

  // Evaluate a vendor file as the body of a function of `names`, called with `values` and `this` = the global.
  function evaluate(file, names, values) {
    const source = host.call("vendor.source", { file });
    const wrapped = `(function (${names.join(", ")}) {\n${source}\n})\n//# sourceURL=segtui:vendor/${file}\n`;
    return evalGlobal(wrapped).apply(global, values);
  }

  // owner[name] answers load() on first read and keeps that value; an assignment replaces it.
  function define(owner, name, load) {
    const settle = (value) => {
      defineProperty(owner, name, { value, writable: true, configurable: true, enumerable: owner !== global });
      return value;
    };
    defineProperty(owner, name, {
      get: () => settle(load()),
      set: settle,
      configurable: true,
      enumerable: owner !== global,
    });
  }

  global.__segtui.lazy = { evaluate, define };
})(globalThis);
