async function onTrack(event, settings) {
  const out = [];
  for (const [label, opts] of [["size -1", { size: -1 }], ["size 0.5", { size: 0.5 }], ["size 3.5", { size: 3.5 }], ["size '2'", { size: "2" }], ["timeout -1", { timeout: -1 }], ["timeout 0.5", { timeout: 0.5 }], ["timeout '1'", { timeout: "1" }], ["follow -1", { follow: -1 }], ["size -1 empty", { size: -1, method: "HEAD" }]]) {
    try { const r = await fetch(settings.base + "/a", opts); out.push(label + " -> " + r.status + " " + (await r.text()).length); } catch (e) { out.push(label + " threw " + e.type + " " + e.message.replace(settings.base, "B")); }
  }
  return out;
}
