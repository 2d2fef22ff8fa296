// A source function: a shop's order webhooks become Segment identify, group and track calls.
// The shop signs each body with a shared secret (X-Webhook-Signature: sha256=<HMAC of the body>).
const ACCOUNTS_URL = 'https://api.example-crm.com/v1/accounts';

function verify(request, settings) {
  const expected = 'sha256=' + crypto.createHmac('sha256', settings.sharedSecret).update(request.text()).digest('hex');
  if (request.headers.get('X-Webhook-Signature') !== expected) {
    throw new ValidationError('the webhook signature does not match: is the shared secret right?');
  }
}

async function account(customerId, settings) {
  const response = await fetch(`${ACCOUNTS_URL}/${encodeURIComponent(customerId)}`, {
    headers: { Authorization: `Bearer ${settings.crmToken}` },
  });
  if (!response.ok) return null;
  return response.json();
}

async function onRequest(request, settings) {
  verify(request, settings);
  const body = request.json();
  const customer = body.customer;
  const order = body.order;
  console.log('webhook', body.type, body.id, 'from', request.url.searchParams.get('source'));

  Segment.identify({ userId: customer.id, traits: { email: customer.email, name: customer.name } });
  const found = await account(customer.id, settings);
  if (found) Segment.group({ userId: customer.id, groupId: found.accountId, traits: { name: found.name } });

  const events = { 'order.created': 'Order Completed', 'order.refunded': 'Order Refunded' };
  if (!events[body.type]) {
    console.warn('ignored webhook type', body.type);
    return;
  }
  Segment.track({
    event: events[body.type],
    userId: customer.id,
    timestamp: body.created_at,
    properties: { order_id: order.id, total: order.total, currency: order.currency, source: 'shop-webhook' },
  });
}
