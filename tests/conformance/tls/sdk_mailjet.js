// node-mailjet as Segment pre-loads it (`nodemailjet.nodemailjet`, Segment's docs: `const mailJet =
// nodemailjet.nodemailjet`), its host pointed at the HTTPS loopback: a send (POST, Basic auth) and an API error.
const mailJet = nodemailjet.nodemailjet;

async function onTrack(event, settings) {
  const client = mailJet.apiConnect(settings.apiKey, settings.apiSecret, { config: { host: settings.host } });
  const sent = await client.post("send", { version: "v3.1" }).request({
    Messages: [{ From: { Email: "shop@example.com" }, To: [{ Email: event.properties.email }], Subject: "Hi",
      TextPart: `Thanks ${event.userId}` }],
  });
  let error = null;
  try {
    await client.get("contact", { version: "v3" }).id(42).request();
  } catch (e) {
    error = [e.name, e.statusCode, e.message, e.ErrorMessage || null];
  }
  return { status: sent.response.status, body: sent.body, error };
}
