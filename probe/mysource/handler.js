// Source: Stripe-like webhooks become track calls.
async function onRequest(request, settings) {
  const body = request.json();
  if (!body.type) throw new ValidationError('no event type in the webhook');
  console.log('webhook', body.type, request.headers.get('x-signature'));
  const res = await fetch(`${settings.lookupUrl}/customers/${body.data.customer}`);
  const customer = await res.json();
  Segment.track({
    event: _.startCase(body.type),
    userId: customer.id,
    properties: { amount: body.data.amount / 100 }
  });
  if (body.data.email) Segment.identify({ userId: customer.id, traits: { email: body.data.email } });
}
