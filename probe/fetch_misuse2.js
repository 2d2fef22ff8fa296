async function tryIt(label, thunk) {
  try {
    const res = await thunk();
    const text = await res.text();
    console.log(label, "->", res.status, text.length);
  } catch (e) {
    console.log(label, "threw", e && e.name, String(e && e.message).slice(0, 150));
  }
}
async function onTrack(event, settings) {
  const B = settings.base;
  let n = -1;
  const only = (label, thunk) => (++n === event.index ? tryIt(label, thunk) : null);
  const many = {}; for (let i = 0; i < 5000; i++) many["x-h" + i] = "v" + i;
  await only("5000 headers", () => fetch(B + "/a", { headers: many }));
  await only("1MB header", () => fetch(B + "/a", { headers: { "x-big": "v".repeat(1e6) } }));
  await only("10MB url", () => fetch(B + "/a?" + "q".repeat(1e7)));
  await only("bad header name", () => fetch(B + "/a", { headers: { "bad name": "v" } }));
  await only("crlf header", () => fetch(B + "/a", { headers: { "x-a": "v\r\nx-injected: 1" } }));
  await only("abort proxy reason", () => { const c = new AbortController(); c.abort(new Proxy({}, { get() { throw new Error("reason trap"); } })); return fetch(B + "/a", { signal: c.signal }); });
  await only("abort twice", () => { const c = new AbortController(); const p = fetch(B + "/a", { signal: c.signal }); c.abort(); c.abort(); return p; });
  await only("abort during body", async () => { const c = new AbortController(); const r = await fetch(B + "/a", { signal: c.signal }); c.abort(); return r; });
  await only("AbortSignal.timeout", () => fetch(B + "/slow", { signal: AbortSignal.timeout(1) }));
  await only("AbortSignal.abort", () => fetch(B + "/a", { signal: AbortSignal.abort("why") }));
  await only("AbortSignal.any", () => fetch(B + "/a", { signal: AbortSignal.any([AbortSignal.abort()]) }));
  await only("signal listener throws", () => { const c = new AbortController(); c.signal.addEventListener("abort", () => { throw new Error("listener"); }); const p = fetch(B + "/a", { signal: c.signal }); c.abort(); return p; });
  await only("onabort throws", () => { const c = new AbortController(); c.signal.onabort = () => { throw new Error("onabort"); }; c.abort(); return fetch(B + "/a"); });
  await only("body stream", () => fetch(B + "/a", { method: "POST", body: new ReadableStream() }));
  await only("body URLSearchParams", () => fetch(B + "/a", { method: "POST", body: new URLSearchParams({ a: "1" }) }));
  await only("body FormData", () => fetch(B + "/a", { method: "POST", body: new FormData() }));
  await only("body typed", () => fetch(B + "/a", { method: "POST", body: new Uint16Array([1, 2]) }));
  await only("body dataview", () => fetch(B + "/a", { method: "POST", body: new DataView(new ArrayBuffer(3)) }));
  await only("body arraybuffer", () => fetch(B + "/a", { method: "POST", body: new ArrayBuffer(5) }));
  await only("body shared", () => fetch(B + "/a", { method: "POST", body: new SharedArrayBuffer(5) }));
  await only("url object tampered", () => { const u = new URL(B + "/a"); Object.setPrototypeOf(u, { toString() { return B + "/tampered"; }, href: B + "/href" }); return fetch(u); });
  await only("url with href getter throwing", () => fetch({ get href() { throw new Error("href"); } }));
  await only("method huge", () => fetch(B + "/a", { method: "X".repeat(100000) }));
  await only("method lowercase patch", () => fetch(B + "/a", { method: "patch" }));
  await only("headers array pairs bad", () => fetch(B + "/a", { headers: [["a"]] }));
  await only("headers iterable throws", () => fetch(B + "/a", { headers: { [Symbol.iterator]() { throw new Error("iter"); } } }));
  return "done";
}
