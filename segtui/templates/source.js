// Source function: Segment calls onRequest for each HTTPS request sent to the function's webhook.
// Learn more at https://segment.com/docs/connections/functions/source-functions/

/**
 * Handle an incoming request.
 * @param  {FunctionRequest} request  request.json(), request.text(), request.headers, request.url
 * @param  {FunctionSettings} settings
 */
async function onRequest(request, settings) {
	const body = request.json();
	// Who the webhook is about: adapt to the sender's payload.
	const userId = body.userId || (body.customer && body.customer.id);

	// Send Segment messages: track, identify, group, page, screen, alias, set.
	Segment.identify({
		userId,
		traits: { email: body.email || (body.customer && body.customer.email) }
	});

	Segment.track({
		event: body.event || body.type || 'Webhook Received',
		userId,
		properties: body.properties || body
	});
}
