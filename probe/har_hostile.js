async function onTrack(event, settings) {
  const B = "http://127.0.0.1:18765";
  const out = [];
  const go = async (label, url, init) => { try { const r = await fetch(url, init); out.push(label + " " + r.status); } catch (e) { out.push(label + " threw " + e.message.slice(0, 80)); } };
  await go("lone", B + "/p?q=\ud800x", { method: "POST", body: "lone \udc00 surrogate", headers: { "x-h": "é" } });
  await go("bin", B + "/bin", { method: "POST", body: new Uint8Array([0, 255, 254, 10, 13, 0x1b]) });
  await go("ctl", B + "/c%00%1b", { method: "PUT", body: "\u0000\u001b[31m", headers: { "x-esc": "a\u001bb" } });
  await go("big", B + "/big", { method: "POST", body: "x".repeat(5e6) });
  await go("latin", B + "/l", { headers: { "x-latin": "\u00ff\u00e9" } });
  return out;
}
