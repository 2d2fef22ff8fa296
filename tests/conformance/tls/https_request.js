// Node's https module as Segment exposes it (`https`): a POST with end(body) and Content-Length, a PUT whose
// length Node counts, a PATCH written in pieces (chunked), https.get, options instead of a URL (with auth), a
// refused connection, and an http: URL refused.
function send(url, options, pieces, body) {
  return new Promise((resolve) => {
    const events = [];
    const respond = (res) => {
      events.push("response");
      res.setEncoding("utf8");
      let text = "";
      res.on("data", (chunk) => { text += chunk; });
      res.on("end", () => {
        events.push("end");
        resolve({ status: res.statusCode, message: res.statusMessage, headers: res.headers, text, events,
          complete: res.complete, version: res.httpVersion });
      });
    };
    const req = options === undefined ? https.request(url, respond) : https.request(url, options, respond);
    req.on("error", (error) => resolve({ error: `${error.name}: ${error.message}`, code: error.code, events }));
    for (const piece of pieces) req.write(piece);
    req.end(body);
  });
}

async function onTrack(event, settings) {
  const json = JSON.stringify({ userId: event.userId, note: "é" });
  const out = {};
  out.post = await send(`${settings.base}/json?x=1`, { method: "POST", headers: { "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(json), "X-Api-Key": settings.apiKey } }, [], json);
  out.ended = await send(`${settings.base}/text`, { method: "put" }, [], "plain body");
  out.chunked = await send(`${settings.base}/binary`, { method: "PATCH", headers: { "X-Parts": "3" } }, ["a", Buffer.from("bé"), "c"]);
  out.get = await new Promise((resolve) => https.get(`${settings.base}/status/404`, { headers: { Accept: "text/plain" } },
    (res) => { let t = ""; res.on("data", (c) => { t += c; }); res.on("end", () => resolve([res.statusCode, t])); }));
  const url = new URL(settings.base);
  out.options = await send({ hostname: url.hostname, port: url.port, path: "/empty", method: "DELETE",
    auth: "user:pass" }, undefined, [], undefined);
  out.refused = await send("https://127.0.0.1:9/", {}, [], undefined);
  try {
    https.request("http://127.0.0.1/");
  } catch (error) {
    out.protocol = [error.name, error.code, error.message];
  }
  return out;
}
