async function onTrack(event, settings) {
  Object.defineProperty(RegExp.prototype, 'flags', { configurable: true, get() { throw new TypeError('flags'); } });
  try { await fetch("http://127.0.0.1:18765/x", { method: "POST", body: "{}", headers: { "content-type": "application/json" } }); } catch (e) { console.log(e.stack); }
  String.prototype.includes = function () { throw new TypeError('includes'); };
  try { await fetch("http://127.0.0.1:18765/x", { method: "POST", body: "{}", headers: { "content-type": "application/json" } }); } catch (e) { console.log(e.stack); }
}
