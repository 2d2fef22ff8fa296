// Insert: enrich track events with a plan from an API; drop test users.
async function onTrack(event, settings) {
  if (event.userId && event.userId.startsWith('test_')) throw new DropEvent('test user');
  const res = await fetch(`${settings.apiUrl}/plan`, { method: 'POST', body: JSON.stringify({ u: event.userId }) });
  const plan = await res.json();
  event.properties = { ...event.properties, plan: plan.id, enrichedAt: new Date().toISOString() };
  return event;
}
async function onIdentify(event) {
  event.traits.email = event.traits.email && event.traits.email.toLowerCase();
  return event;
}
