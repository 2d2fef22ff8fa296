function onTrack(event) {
  if (event.event === "first") { const f = () => Promise.resolve().then(f); f(); }
  return "ran " + event.event;
}
