// One POST per track event to the loopback server named in settings.url, as a webhook destination does.
async function onTrack(event, settings) {
  if (!event.event) throw new InvalidEventPayload('track event has no "event" name');
  const body = {
    id: event.messageId,
    name: event.event,
    user_id: event.userId || null,
    properties: event.properties || {},
    occurred_at: event.timestamp,
  };
  const response = await fetch(`${settings.url}/events`, {
    method: 'POST',
    headers: { Authorization: `Basic ${btoa(settings.apiKey + ':')}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status >= 500) throw new RetryError(`POST /events failed with ${response.status}`);
  if (!response.ok) throw new ValidationError(`POST /events was rejected with ${response.status}`);
  return response.json();
}
