let n = 0;
async function onTrack(event) {
  if (event.event === "first") setInterval(() => { n++; if (n < 4) console.log("interval tick", n); }, 5);
  await new Promise((r) => setTimeout(r, 30));
  return ["ran " + event.event, n > 0];
}
