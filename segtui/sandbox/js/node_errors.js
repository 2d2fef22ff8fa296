// Node 20's errors for bad arguments (ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE, …), with its messages, for the
// Node APIs segtui writes itself (crypto, http, AbortController).
(function (global) {
  "use strict";
  const util = global.__segtui.util;
  const inspect = (...args) => util().inspect(...args);
  const captureStackTrace = Error.captureStackTrace;  // as Node's primordial, whatever a handler put there
  const { stringify, uncurry, String, defineProperty } = global.__segtui.intrinsics;
  const slice = uncurry(String.prototype.slice);
  const indexOf = uncurry(String.prototype.indexOf);
  const { isInteger } = Number;  // taken now: a handler's are not Node's
  const { abs } = Math;
  const { is } = Object;

  // As Node makes them: String(error) and the stack's first line say `TypeError [CODE]: message` while `name` stays
  // TypeError, and the stack starts where the API was called.
  function nodeError(Type, code, message) {
    const error = new Type(message);
    if (!code) return error;
    defineProperty(error, "toString", {
      __proto__: null, value() { return `${this.name} [${code}]: ${this.message}`; }, writable: true, configurable: true,
    });
    error.name = `${Type.name} [${code}]`;
    captureStackTrace(error, nodeError);
    void error.stack;  // V8 writes the stack's first line when it is first read, with the name as it is then
    delete error.name;
    error.code = code;
    return error;
  }

  // As Node's C++ throws them (THROW_ERR_OUT_OF_RANGE, …): String(error) and the stack's first line say only
  // `RangeError: message`, with the code an own property after it.
  function nativeError(Type, code, message) {
    const error = new Type(message);
    captureStackTrace(error, nativeError);
    error.code = code;
    return error;
  }

  // How Node's messages name a value they received (Node 20's determineSpecificType): a string cut to 25 characters
  // past 28 and quoted as is (JSON's quotes when it holds a "'"), a number, bigint or symbol as String gives it.
  function describe(value) {
    if (value == null) return String(value);
    switch (typeof value) {
      case "function":
        return `function ${value.name}`;
      case "object":
        if (value.constructor && "name" in value.constructor) return `an instance of ${value.constructor.name}`;
        return inspect(value, { depth: -1 });
      case "string": {
        const text = value.length > 28 ? `${slice(value, 0, 25)}...` : value;
        return `type string (${indexOf(text, "'") === -1 ? `'${text}'` : stringify(text)})`;
      }
      case "number":
        return `type number (${is(value, -0) ? "-0" : value})`;
      case "bigint":
        return `type bigint (${value}n)`;
      default:
        return `type ${typeof value} (${String(value)})`;
    }
  }

  function invalidArgType(name, expected, value) {
    const named = name.endsWith(" argument") ? name : `"${name}" ${name.includes(".") ? "property" : "argument"}`;
    return nodeError(TypeError, "ERR_INVALID_ARG_TYPE", `The ${named} must be ${expected}. Received ${describe(value)}`);
  }

  // Node's ERR_INVALID_ARG_VALUE: a name with a dot is a property; the value shown is cut after 128 characters.
  function invalidArgValue(name, value, reason = "is invalid") {
    const shown = inspect(value);
    const kind = name.includes(".") ? "property" : "argument";
    return nodeError(TypeError, "ERR_INVALID_ARG_VALUE",
      `The ${kind} '${name}' ${reason}. Received ${shown.length > 128 ? `${shown.slice(0, 128)}...` : shown}`);
  }

  // An integer with an underscore between each group of three digits, as Node's range errors show big ones.
  function separated(value) {
    const text = String(value);
    let out = "";
    let i = text.length;
    const start = text[0] === "-" ? 1 : 0;
    for (; i >= start + 4; i -= 3) out = `_${text.slice(i - 3, i)}${out}`;
    return `${text.slice(0, i)}${out}`;
  }

  function outOfRange(name, range, value) {
    // A number as inspect shows it, without util's inspect, which runs built-ins a handler can replace.
    const number = typeof value === "number" && (is(value, -0) ? "-0" : `${value}`);
    let shown = isInteger(value) && abs(value) > 2 ** 32 ? separated(value) : number || inspect(value);
    if (typeof value === "bigint") shown = `${value > 2n ** 32n || value < -(2n ** 32n) ? separated(value) : value}n`;
    return nodeError(RangeError, "ERR_OUT_OF_RANGE",
      `The value of "${name}" is out of range. It must be ${range}. Received ${shown}`);
  }

  function validateInteger(value, name, min, max) {
    if (typeof value !== "number") throw invalidArgType(name, "of type number", value);
    if (!isInteger(value)) throw outOfRange(name, "an integer", value);
    if (value < min || value > max) throw outOfRange(name, `>= ${min} && <= ${max}`, value);
  }

  // The Error Node throws for an OpenSSL failure the Python host answered: {error, library, reason, code, stack}, each
  // but the message only when OpenSSL has it.
  function opensslError(answer) {
    const error = new Error(answer.error);
    if (answer.library !== undefined) Object.assign(error, { library: answer.library, reason: answer.reason });
    if (answer.code !== undefined) error.code = answer.code;
    if (answer.stack !== undefined) error.opensslErrorStack = answer.stack;
    return error;
  }

  global.__segtui.nodeErrors = { nodeError, nativeError, describe, invalidArgType, invalidArgValue, outOfRange, validateInteger, inspect,
    opensslError };
})(globalThis);
