function onTrack(event) {
  console.log("typeof process", typeof process, typeof process.exit, typeof process.abort, typeof process.kill);
  if (event.event === "first") process.exit(3);
  return "ran " + event.event;
}
