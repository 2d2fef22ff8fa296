async function onTrack(event) {
  class P extends Promise { constructor(ex) { super(ex); } then(a, b) { return new Promise(() => {}); } }
  Object.defineProperty(Promise, Symbol.species, { value: function (ex) { return new Promise(() => {}); } });
  return "ok";
}
