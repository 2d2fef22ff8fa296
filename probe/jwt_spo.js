Object.setPrototypeOf = function () { throw new TypeError('replaced'); };
function onTrack() {
  Error.stackTraceLimit = 50;
  try { return jsonwebtoken.sign({ a: 1 }, "k"); } catch (e) { return e.stack; }
}
