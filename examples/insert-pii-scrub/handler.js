// A destination insert function: scrub personal data before the event reaches the destination,
// add the customer's tier from the accounts API, and drop internal test traffic.
const ACCOUNTS_URL = 'https://api.example-accounts.com/v1/tier';

function hashed(value, salt) {
  return crypto.createHash('sha256').update(`${salt}:${String(value).trim().toLowerCase()}`).digest('hex');
}

function scrub(event, settings) {
  if (event.context) delete event.context.ip;
  const traits = event.traits || (event.context && event.context.traits);
  if (traits && traits.email) {
    if (settings.internalDomain && traits.email.endsWith(`@${settings.internalDomain}`)) {
      throw new DropEvent(`internal user ${event.userId}`);
    }
    traits.email = hashed(traits.email, settings.hashSalt);
    delete traits.phone;
  }
  return event;
}

async function tier(userId, settings) {
  let response;
  try {
    response = await fetch(`${ACCOUNTS_URL}?userId=${encodeURIComponent(userId)}`, {
      headers: { Authorization: `Bearer ${settings.apiKey}` },
    });
  } catch (error) {
    throw new RetryError(error.message);
  }
  if (response.status >= 500 || response.status === 429) throw new RetryError(`accounts API: ${response.status}`);
  if (!response.ok) return null;
  return (await response.json()).tier;
}

async function onIdentify(event, settings) {
  return scrub(event, settings);
}

async function onTrack(event, settings) {
  if (event.event === 'Debug Ping') return;  // nothing returned: the event is dropped
  scrub(event, settings);
  event.properties = { ...event.properties, tier: await tier(event.userId, settings) };
  return event;
}

async function onPage(event, settings) {
  return scrub(event, settings);
}
