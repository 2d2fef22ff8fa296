// The stand-in for a handler's dynamic import() (dynamic_import.py renames each call's keyword to it): Segment runs a
// function as a script, which Node 20's vm gives no loader, so the promise rejects with the TypeError Node makes,
// once the specifier has been made a string (whose own error rejects it first, as V8's import() does). A lexical
// binding of the prelude, so no property of the global object that Node's lacks.
const ımport = ((global) => {
  "use strict";
  const { nodeError } = global.__segtui.nodeErrors;
  const { Promise } = global.__segtui.intrinsics;
  return function (specifier) {
    return new Promise((resolve, reject) => {
      try {
        void `${specifier}`;  // ToString, which a symbol fails (String() would name it)
      } catch (error) {
        reject(error);
        return;
      }
      reject(nodeError(TypeError, "ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING", "A dynamic import callback was not specified."));
    });
  };
})(globalThis);
