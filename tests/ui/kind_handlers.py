"""The handlers and terminal size the TUI tests of insert and source functions run."""

SIZE = (140, 40)
"""The terminal the tests draw in, unless one says otherwise."""

SOURCE = """\
async function onRequest(request, settings) {
  const body = request.json();
  console.log("got", body.id);
  await fetch("http://127.0.0.1:9/lookup").catch(() => null);
  Segment.identify({ userId: body.customer.id, traits: { email: body.customer.email, key: settings.apiKey } });
  Segment.track({ properties: {} });
}
"""

INSERT = """\
async function onTrack(event, settings) {
  event.properties.tier = "gold";
  delete event.context;
  return event;
}
async function onIdentify(event) {
  throw new DropEvent("internal user");
}
"""
