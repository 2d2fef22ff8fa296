// The global Proxy remembers each proxy a handler makes (its target and handler), as Node's internal
// getProxyDetails knows every proxy: util.inspect, which keeps its proxies' details in a ProxyAwareWeakMap (lazy.js),
// then shows a proxy by its target without running its traps, as Node 20's console.log does, and `%o` shows
// `Proxy [ target, handler ]`. V8 gives JavaScript no way to tell a proxy. segtui's own proxies (settings, stubs) are
// made with the Proxy of intrinsics.js and stay unknown. What is used here is taken before a handler runs. Being a
// proxy of Node's Proxy, it is written `function () { [native code] }`, without Node's name.
(function (global) {
  "use strict";
  const internal = global.__segtui;
  const { Proxy: RealProxy, uncurry, withoutOwnFrames } = internal.intrinsics;
  const { construct, defineProperty } = Reflect;
  const RealWeakMap = WeakMap;
  const [weakGet, weakSet, weakHas, weakDelete] = ["get", "set", "has", "delete"].map((name) => uncurry(WeakMap.prototype[name]));
  const realRevocable = RealProxy.revocable;
  const details = new RealWeakMap();

  // A WeakMap that also answers the details of the proxies made here. Every method is its own: the library copies
  // a WeakMap's own methods to its safe one (makeSafe).
  internal.ProxyAwareWeakMap = class ProxyAwareWeakMap extends RealWeakMap {
    get(key) {
      const own = weakGet(this, key);
      return own !== undefined ? own : weakGet(details, key);
    }
    set(key, value) {
      weakSet(this, key, value);
      return this;
    }
    has(key) {
      return weakHas(this, key);
    }
    delete(key) {
      return weakDelete(this, key);
    }
  };

  // A proxy's [target, handler] as made here ([null, null] once revoked), or undefined for any other value: what
  // V8 knows of every proxy, for structuredClone to refuse one as V8's serializer does.
  internal.proxyDetails = (value) => weakGet(details, value);

  // What `make` makes with the real Proxy; an error it throws (a target that is no object) as if from the handler's
  // own call.
  function made(make) {
    try {
      return make();
    } catch (error) {
      if (error !== null && typeof error === "object" && typeof error.stack === "string") {
        error.stack = withoutOwnFrames(error.stack);
      }
      throw error;
    }
  }

  // Proxy.revocable stays a property of Proxy, which a handler may replace or delete, as in Node.
  defineProperty(RealProxy, "revocable", {
    value: {
      revocable(target, handler) {
        const pair = made(() => realRevocable(target, handler));
        const { proxy, revoke } = pair;
        weakSet(details, proxy, [target, handler]);
        pair.revoke = () => {
          weakSet(details, proxy, [null, null]);
          revoke();
        };
        return pair;
      },
    }.revocable,
    writable: true, configurable: true, enumerable: false,
  });
  global.Proxy = new RealProxy(RealProxy, {
    construct(target, args) {
      const proxy = made(() => construct(RealProxy, args));
      weakSet(details, proxy, [args[0], args[1]]);
      return proxy;
    },
  });
})(globalThis);
