// The global Proxy makes proxies that util.inspect knows, as Node's internal getProxyDetails knows every proxy:
// console.log shows a proxy's target without running its traps (a handler's trap that throws, or one that logs each
// read, does nothing), and `%o` shows `Proxy [ target, handler ]`. V8 gives JavaScript no way to tell a proxy, so
// each is made by node-inspect-extracted's Proxy class, which remembers it; util.inspect loads on the first one.
// segtui's own proxies (settings, stubs) are made with the Proxy of intrinsics.js and stay unknown to it.
(function (global) {
  "use strict";
  const internal = global.__segtui;
  const { Proxy: RealProxy, apply } = internal.intrinsics;
  const reflectGet = Reflect.get;
  const known = () => internal.util().Proxy;
  // Named and sized as Proxy.revocable is.
  const revocable = {
    revocable(target, handler) {
      return known().revocable(target, handler);
    },
  }.revocable;
  // Its text as Node's: V8 writes a proxy of a function as `function () { [native code] }`.
  const toString = { toString: () => "function Proxy() { [native code] }" }.toString;
  const own = { revocable, toString };
  global.Proxy = new RealProxy(RealProxy, {
    construct: (_, args) => new (known())(args[0], args[1]),
    get: (target, key, receiver) => (key === "revocable" || key === "toString" ? own[key] : reflectGet(target, key, receiver)),
    apply: (target, self, args) => apply(target, self, args),
  });
})(globalThis);
