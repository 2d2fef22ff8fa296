async function onRequest(request, settings) {
  const body = request.json();
  console.log("mode", body.mode);
  if (body.mode === "many") for (let i = 0; i < 1e6; i++) Segment.track({ event: "e" + i, userId: "u" });
  if (body.mode === "big") for (let i = 0; i < 400; i++) Segment.track({ event: "big", userId: "u", properties: { blob: "x".repeat(1e6) + i } });
  if (body.mode === "weird") {
    Segment.track({ toJSON() { return undefined; } });
    Segment.identify({ userId: "u", traits: { d: new Date(0), nested: { toJSON() { return "nested"; } } } });
    Segment.set({ collection: "c", id: "1", properties: JSON.parse('{"__proto__": {"polluted": 1}, "type": "zzz"}') });
    try { Segment.track({ n: 10n }); } catch (e) { console.log("bigint threw", e.message); }
    try { const c = {}; c.c = c; Segment.track(c); } catch (e) { console.log("cycle threw", e.message.split("\n")[0]); }
    try { Segment.track(new Proxy({}, { ownKeys() { throw new Error("keys"); } })); } catch (e) { console.log("proxy threw", e.message); }
    Segment.page("not an object");
    setTimeout(() => Segment.track({ event: "after return" }), 0);
  }
  return "done";
}
