async function onTrack(event) {
  console.log("event", event.event);
  if (event.event % 3 === 1) { const a = []; for (;;) a.push(new ArrayBuffer(64 * 1024 * 1024)); }
  if (event.event % 3 === 2) { const b = new Uint8Array(2 ** 30); b.fill(1); return b.length; }
  return "ok " + event.event;
}
