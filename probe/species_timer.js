async function onTrack(event) {
  Object.defineProperty(Promise, Symbol.species, { value: function (ex) { ex(() => {}, () => {}); } });
  setTimeout(() => console.log("timer fired"), 5);
  return "ok";
}
