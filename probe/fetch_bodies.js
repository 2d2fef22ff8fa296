const B = "http://127.0.0.1:18765";
async function tryIt(label, thunk) {
  try {
    const res = await thunk();
    console.log(label, "->", res.status, await res.text());
  } catch (e) {
    console.log(label, "threw", e && e.name, e && e.message);
  }
}
async function onTrack(event) {
  await tryIt("throwing toString body", () => fetch(B + "/a", { method: "POST", body: { toString() { throw new Error("body toString"); } } }));
  await tryIt("symbol body", () => fetch(B + "/a", { method: "POST", body: Symbol("s") }));
  await tryIt("async iterable body", () => fetch(B + "/a", { method: "POST", body: { async *[Symbol.asyncIterator]() { yield "x"; } } }));
  await tryIt("proxy body", () => fetch(B + "/a", { method: "POST", body: new Proxy({}, { get() { throw new Error("trap"); }, getPrototypeOf() { throw new Error("proto trap"); } }) }));
  await tryIt("revoked body", () => { const r = Proxy.revocable({}, {}); r.revoke(); return fetch(B + "/a", { method: "POST", body: r.proxy }); });
  await tryIt("throwing header getter", () => fetch(B + "/a", { headers: { get "x-a"() { throw new Error("hdr getter"); } } }));
  await tryIt("proxy headers", () => fetch(B + "/a", { headers: new Proxy({}, { ownKeys() { throw new Error("ownKeys"); } }) }));
  await tryIt("revoked headers", () => { const r = Proxy.revocable({}, {}); r.revoke(); return fetch(B + "/a", { headers: r.proxy }); });
  await tryIt("recursive toString url", () => fetch({ toString() { return this.toString(); } }));
  await tryIt("throwing url", () => fetch({ toString() { throw new Error("url toString"); } }));
  await tryIt("symbol url", () => fetch(Symbol("u")));
  await tryIt("bigint body", () => fetch(B + "/a", { method: "POST", body: 10n }));
  await tryIt("method object", () => fetch(B + "/a", { method: { toString() { throw new Error("method"); } } }));
  await tryIt("init getter", () => fetch(B + "/a", { get method() { throw new Error("init getter"); } }));
  await tryIt("init proxy", () => fetch(B + "/a", new Proxy({}, { get(t, k) { throw new Error("init trap " + String(k)); } })));
  await tryIt("signal bad", () => fetch(B + "/a", { signal: { aborted: false, addEventListener() { throw new Error("listener"); } } }));
  await tryIt("redirect odd", () => fetch(B + "/a", { redirect: "sideways" }));
  await tryIt("timeout NaN", () => fetch(B + "/a", { timeout: NaN, size: -1, follow: Infinity }));
  return "done";
}
