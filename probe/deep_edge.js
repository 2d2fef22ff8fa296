let failures = 0;
function dive(n, what) {
  try { dive(n + 1, what); } catch (e) { failures++; }
  try { what(n); } catch (e) { failures++; }
}
async function onTrack(event, settings) {
  const which = event.event;
  if (which === "log") dive(0, (n) => { if (n % 97 === 0) console.log({ n, a: [n] }); });
  if (which === "timer") dive(0, (n) => { if (n % 97 === 0) setTimeout(() => {}, 1); });
  if (which === "fetch") dive(0, (n) => { if (n % 997 === 0) fetch(settings.base + "/a?n=" + n).catch(() => {}); });
  if (which === "cache") dive(0, (n) => { if (n % 97 === 0) cache.load("k" + (n % 5), 1000, async () => n).catch(() => {}); });
  if (which === "error") dive(0, (n) => { if (n % 97 === 0) { const e = new RetryError("x"); e.toString(); } });
  console.log("after", which, failures > 0);
  await new Promise((r) => setTimeout(r, 5));
  console.log("timer ok", { nested: [1, { a: 2 }] });
  return which;
}
