function onTrack(event) {
  console.log("before wait");
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  return "woke";
}
