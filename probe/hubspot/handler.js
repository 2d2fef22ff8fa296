// HubSpot-like destination: upserts contacts on identify, sends custom events on track.

async function hubspot(path, body, settings) {
  const res = await fetch(`${settings.baseUrl}${path}`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${settings.accessToken}`,
      'Content-Type': 'application/json'
    },
    body: JSON.stringify(body)
  });
  if (res.status === 429 || res.status >= 500) {
    throw new RetryError(`HubSpot ${path} answered ${res.status}`);
  }
  if (!res.ok) {
    throw new ValidationError(`HubSpot ${path} rejected the call: ${res.status} ${await res.text()}`);
  }
  return res.json();
}

async function onIdentify(event, settings) {
  const email = event.traits && event.traits.email;
  if (!email) throw new ValidationError('identify needs traits.email');
  console.log('upserting', email);
  return hubspot('/crm/v3/objects/contacts', {
    properties: { email, firstname: event.traits.firstName, lastname: event.traits.lastName }
  }, settings);
}

async function onTrack(event, settings) {
  if (settings.ignoredEvents && settings.ignoredEvents.includes(event.event)) {
    throw new EventNotSupported(`${event.event} is ignored`);
  }
  return hubspot('/events/v3/send', {
    eventName: `pe_${_.snakeCase(event.event)}`,
    email: event.context && event.context.traits && event.context.traits.email,
    properties: event.properties
  }, settings);
}
