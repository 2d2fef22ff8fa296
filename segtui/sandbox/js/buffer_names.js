// Each Buffer function's `name` and `length` as Node 20's (a handler's logs or checks may show them): npm buffer's and
// segtui's wrappers are anonymous or count other parameters; Node's float and double methods are named after its
// byte order ("writeDoubleForwards" on a little-endian machine) and its number writes count one parameter. npm
// buffer's TYPED_ARRAY_SUPPORT, which Node's Buffer lacks, is taken off the global.
(function (global) {
  "use strict";
  const { defineProperty } = global.__segtui.intrinsics;
  const Buffer = global.Buffer;
  const proto = Buffer.prototype;
  const shape = (owner, key, name, length) => {
    defineProperty(owner[key], "name", { __proto__: null, value: name, configurable: true });
    defineProperty(owner[key], "length", { __proto__: null, value: length, configurable: true });
  };
  for (const key of ["from", "alloc", "allocUnsafe", "allocUnsafeSlow", "compare", "concat", "byteLength", "isEncoding"]) {
    shape(Buffer, key, key, { from: 3, alloc: 3, compare: 2, concat: 2, byteLength: 2 }[key] || 1);
  }
  shape(proto, "compare", "compare", 5);
  shape(proto, "equals", "equals", 1);
  shape(proto, "inspect", "inspect", 2);
  for (const end of ["LE", "BE"]) {
    const order = end === "LE" ? "Forwards" : "Backwards";
    for (const type of ["Float", "Double"]) {
      shape(proto, `read${type}${end}`, `read${type}${order}`, 0);
      shape(proto, `write${type}${end}`, `write${type}${order}`, 1);
    }
    for (const type of ["IntLE", "IntBE"]) {
      if (type.endsWith(end)) for (const sign of ["", "U"]) shape(proto, `read${sign}${type}`, `read${sign}${type}`, 2);
    }
    for (const type of ["Int16", "UInt16", "Int32", "UInt32", "BigInt64", "BigUInt64"]) {
      shape(proto, `write${type}${end}`, `write${type}${end}`, 1);
    }
  }
  shape(proto, "writeInt8", "writeInt8", 1);
  shape(proto, "writeUInt8", "writeUInt8", 1);
  delete Buffer.TYPED_ARRAY_SUPPORT;
})(globalThis);
