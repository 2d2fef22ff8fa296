async function onTrack(event) {
  const then = Promise.prototype.then;
  Promise.prototype.then = function (a, b) { return then.call(this, a, b); };
  if (event.event === "first") Promise.prototype.then = function () { return this; };
  return event.event;
}
