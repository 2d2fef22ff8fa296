async function onTrack() {
  const out = [];
  for (const path of ["/one", "/none"]) {
    const r = await fetch("http://mock.test" + path, { size: -1 });
    try { out.push((await r.text()).length); } catch (e) { out.push(e.message); }
  }
  return out;
}
