// The settings object a handler gets, watched for the names it reads that have no value (a note each: a setting
// left unset); a read returns what it would without the watch, and every other operation (keys, spread,
// JSON.stringify, `in`) reaches the object.
(function (global) {
  "use strict";
  const internal = global.__segtui;
  const { keys, hasOwn, isArray, append, Proxy } = internal.intrinsics;
  const consoleState = internal.console;
  const reflectGet = Reflect.get;
  const PROTOCOL_NAMES = { __proto__: null, toJSON: true, then: true, inspect: true };
  // The most names a result lists, with how many more were read: a handler that read a million names made a note of
  // each, which took segtui minutes to show.
  const NAMED = 20;

  // The settings, telling `unset` (and `also`, when given) each name read without a value.
  function watched(settings, unset, also = null) {
    if (settings === null || typeof settings !== "object" || isArray(settings)) return settings;
    return new Proxy(settings, {
      get(target, key, receiver) {
        const value = reflectGet(target, key, receiver);
        if (typeof key === "string" && (value === undefined || value === null || value === "") &&
            !hasOwn(PROTOCOL_NAMES, key) && !consoleState.inspecting()) {
          unset[key] = true;
          if (also !== null) also[key] = true;
        }
        return value;
      },
    });
  }

  // The result with the names read without a value (`unset`, an object of no prototype), NAMED at most, and how many
  // more there were.
  function withUnset(result, unset) {
    const names = keys(unset);
    const listed = [];
    for (let i = 0; i < names.length && i < NAMED; i++) append(listed, names[i]);
    if (listed.length > 0) result.unset_settings = listed;
    if (names.length > listed.length) result.unset_more = names.length - listed.length;
    return result;
  }

  internal.settingsWatch = { watched, withUnset };
})(globalThis);
