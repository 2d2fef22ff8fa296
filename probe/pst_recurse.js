function onTrack(event) {
  Error.prepareStackTrace = (e, frames) => new Error("inner").stack + "!";
  throw new Error("outer");
}
