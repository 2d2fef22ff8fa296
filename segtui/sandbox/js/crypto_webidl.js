// The argument checks Node 20's Web Crypto makes before it looks at an algorithm (lib/internal/crypto/webidl.js), with
// its messages: crypto_subtle.js converts each argument of a SubtleCrypto method in turn with these, and normalizes
// its algorithm's name as Node's normalizeAlgorithm does.
(function (global) {
  "use strict";
  const { uncurry } = global.__segtui.intrinsics;
  const { TypeError, String, DOMException } = global;  // taken now, as every built-in below: a handler may replace them
  const { defineProperty, getOwnPropertyDescriptor, getPrototypeOf } = Object;
  const { isView } = ArrayBuffer;
  const isPrototypeOf = uncurry(Object.prototype.isPrototypeOf);
  const toUpperCase = uncurry(String.prototype.toUpperCase);
  const typedArrayBuffer = uncurry(getOwnPropertyDescriptor(getPrototypeOf(Uint8Array.prototype), "buffer").get);
  const dataViewBuffer = uncurry(getOwnPropertyDescriptor(DataView.prototype, "buffer").get);
  const typedArrayTag = uncurry(getOwnPropertyDescriptor(getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag).get);
  const ARRAY_BUFFER = ArrayBuffer.prototype;
  const SHARED_ARRAY_BUFFER = SharedArrayBuffer.prototype;
  const ITERATOR = Symbol.iterator;

  // A TypeError with a code, as Node's webidl makes it: the code is no part of its name or String(error).
  function exception(message, opts) {
    const prefix = opts.prefix ? `${opts.prefix}: ` : "";
    const context = opts.context === "" ? "" : `${opts.context ?? "Value"} `;
    const error = new TypeError(`${prefix}${context}${message}`);
    defineProperty(error, "code", { value: opts.code || "ERR_INVALID_ARG_TYPE", writable: true, enumerable: true, configurable: true });
    return error;
  }

  const { trunc } = Math;
  const { isFinite } = Number;
  const isObject = (value) => value !== null && (typeof value === "object" || typeof value === "function");

  function domString(value, opts) {
    if (typeof value === "string") return value;
    if (typeof value === "symbol") throw exception("is a Symbol and cannot be converted to a string.", opts);
    return String(value);
  }

  function viewBuffer(view) {
    try {
      return typedArrayBuffer(view);
    } catch {
      return dataViewBuffer(view);
    }
  }

  function enumeration(name, values) {
    return (value, opts) => {
      const text = String(value);
      for (let i = 0; i < values.length; i++) {
        if (values[i] === text) return text;
      }
      throw exception(`value '${text}' is not a valid enum value of type ${name}.`, { ...opts, code: "ERR_INVALID_ARG_VALUE" });
    };
  }

  const keyUsage = enumeration("KeyUsage", ["encrypt", "decrypt", "sign", "verify", "deriveKey", "deriveBits", "wrapKey",
    "unwrapKey"]);

  // [EnforceRange] unsigned long, short or octet: a finite number, its fraction dropped, from 0 to `max`.
  function unsigned(max) {
    return (value, opts) => {
      if (typeof value === "symbol") throw exception("is a Symbol and cannot be converted to a number.", opts);
      if (typeof value === "bigint") throw exception("is a BigInt and cannot be converted to a number.", opts);
      const number = +value;
      if (!isFinite(number)) throw exception("is not a finite number.", opts);
      const whole = trunc(number) + 0;  // -0.5 is 0, as Node's integerPart makes it
      if (whole < 0 || whole > max) throw exception(`is outside the expected range of 0 to ${max}.`, { ...opts, code: "ERR_OUT_OF_RANGE" });
      return whole;
    };
  }

  // Node's converters by the name its methods use; CryptoKey's is given the class (crypto_subtle.js) by `install`.
  const converters = {
    __proto__: null,
    boolean: (value) => !!value,
    "unsigned long": unsigned(4294967295),
    "unsigned short": unsigned(65535),
    octet: unsigned(255),
    AlgorithmIdentifier: (value, opts) => (isObject(value) ? value : domString(value, opts)),
    DOMString: domString,
    KeyFormat: enumeration("KeyFormat", ["raw", "pkcs8", "spki", "jwk"]),
    BigInteger(value, opts) {  // Node's Uint8Array converter
      if (!isView(value) || typedArrayTag(value) !== "Uint8Array") throw exception("is not an Uint8Array object.", opts);
      if (isPrototypeOf(SHARED_ARRAY_BUFFER, viewBuffer(value))) {
        throw exception("is a view on a SharedArrayBuffer, which is not allowed.", opts);
      }
      return value;
    },
    BufferSource(value, opts) {
      if (isView(value)) {
        if (isPrototypeOf(SHARED_ARRAY_BUFFER, viewBuffer(value))) {
          throw exception("is a view on a SharedArrayBuffer, which is not allowed.", opts);
        }
        return value;
      }
      if (!isPrototypeOf(ARRAY_BUFFER, value)) {
        throw exception("is not instance of ArrayBuffer, Buffer, TypedArray, or DataView.", opts);
      }
      return value;
    },
    // A JWK: only an object (or nothing) is one; segtui reads the members it needs when it imports the key.
    JsonWebKey(value, opts) {
      if (value !== undefined && value !== null && !isObject(value)) throw exception("can not be converted to a dictionary", opts);
      return value ?? {};
    },
    "sequence<KeyUsage>"(value, opts) {
      if (!isObject(value)) throw exception("can not be converted to sequence.", opts);
      const iterator = value?.[ITERATOR]?.();
      if (iterator === undefined) throw exception("can not be converted to sequence.", opts);
      const list = [];
      for (;;) {
        const step = iterator?.next?.();
        if (step === undefined) throw exception("can not be converted to sequence.", opts);
        if (step.done === true) break;
        defineProperty(list, list.length, { value: keyUsage(step.value, { ...opts, context: `${opts.context}, index ${list.length}` }),
          writable: true, enumerable: true, configurable: true });
      }
      return list;
    },
  };

  const ORDINALS = ["1st", "2nd", "3rd", "4th", "5th", "6th", "7th"];

  // The arguments of `operation` (a method of `face`, SubtleCrypto's by default) after Node's checks: at least `count`
  // given, each converted in turn by the converter `types` names for its place (or a function of those converted
  // before it gives).
  // An iterator over a list's items that consults nothing a handler can replace: the methods destructure what convert
  // gives (`[algorithm, data] = convert(…)`), which took Array.prototype[Symbol.iterator] as the handler left it.
  function items() {
    const list = this;
    let next = 0;
    return { __proto__: null, next: () => ({ __proto__: null, done: next >= list.length, value: list[next++] }) };
  }

  function convert(operation, args, count, types, face = "SubtleCrypto") {
    const prefix = `Failed to execute '${operation}' on '${face}'`;
    if (args.length < count) {
      throw exception(`${count} argument${count === 1 ? "" : "s"} required, but only ${args.length} present.`,
        { prefix, context: "", code: "ERR_MISSING_ARGS" });
    }
    const converted = [];
    for (let i = 0; i < types.length; i++) {
      const type = typeof types[i] === "function" ? types[i](converted) : types[i];
      converted[i] = converters[type](args[i], { prefix, context: `${ORDINALS[i]} argument` });
    }
    defineProperty(converted, Symbol.iterator, { __proto__: null, value: items });
    return converted;
  }

  const NORMALIZING = { prefix: "Failed to normalize algorithm", context: "passed algorithm" };

  // A member of the algorithm's dictionary that Node requires: its value (converted by the converter `type` names, when
  // given), or Node's error naming the dictionary when it is missing.
  function member(algorithm, name, dictionary, type) {
    const value = algorithm[name];
    if (value === undefined) {
      throw exception(`can not be converted to '${dictionary}' because '${name}' is required in '${dictionary}'.`,
        { ...NORMALIZING, code: "ERR_MISSING_OPTION" });
    }
    return type === undefined ? value : converters[type](value, { ...NORMALIZING, context: `'${name}' of '${dictionary}' (passed algorithm)` });
  }

  // The name `registered` (a list) gives the algorithm `algorithm` names, as Node's normalizeAlgorithm finds it: a string
  // is the name; an object's `name` is required and made a string; compared without case.
  function algorithmName(algorithm, registered) {
    const given = typeof algorithm === "string" ? algorithm
      : domString(member(algorithm, "name", "Algorithm"), { ...NORMALIZING, context: "'name' of 'Algorithm' (passed algorithm)" });
    for (let i = 0; i < registered.length; i++) {
      if (toUpperCase(registered[i]) === toUpperCase(given)) return registered[i];
    }
    throw new DOMException("Unrecognized algorithm name", "NotSupportedError");
  }

  // A string member of importKey's JWK as Node's JsonWebKey dictionary makes it (a DOMString), or undefined when absent.
  function jwkString(jwk, name) {
    const value = jwk[name];
    if (value === undefined) return undefined;
    return domString(value, { prefix: "Failed to execute 'importKey' on 'SubtleCrypto'", context: `'${name}' of 'JsonWebKey' (2nd argument)` });
  }

  global.__segtui.cryptoWebidl = {
    convert, algorithmName, member, jwkString,
    // Give the CryptoKey converter its class's prototype.
    install(prototype) {
      converters.CryptoKey = (value, opts) => {
        if (!isPrototypeOf(prototype, value)) throw exception("is not of type CryptoKey.", opts);
        return value;
      };
    },
  };
})(globalThis);
