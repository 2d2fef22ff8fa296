async function onTrack(event) {
  Promise.reject(new Error("late unhandled " + event.event));
  setTimeout(() => { throw new Error("late timer"); }, 0);
  return "ran " + event.event;
}
