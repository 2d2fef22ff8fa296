function onTrack(event) {
  console.log("kept");
  const r = Proxy.revocable({}, {}); r.revoke();
  return r.proxy;
}
function onBatch(events) {
  console.log("kept batch");
  const r = Proxy.revocable([], {}); r.revoke();
  return r.proxy;
}
