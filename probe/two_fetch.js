async function onTrack(event, settings) {
  const B = settings.base;
  const many = {}; for (let i = 0; i < 5000; i++) many["x-h" + i] = "v" + i;
  const order = event.event === "swap" ? ["big", "many"] : ["many", "big"];
  for (const which of order) {
    const t = Date.now();
    try {
      const res = which === "many" ? await fetch(B + "/a", { headers: many }) : await fetch(B + "/a", { headers: { "x-big": "v".repeat(1e6) } });
      console.log(which, res.status, (await res.text()).length, Date.now() - t);
    } catch (e) { console.log(which, "threw", e.message, Date.now() - t); }
  }
  return "done";
}
