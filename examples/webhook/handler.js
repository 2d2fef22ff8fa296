// Webhook destination: forwards track and identify events to a JSON collection API.
// Settings: apiKey (required, sent as Basic auth) and includeContext (also send event.context).

const BASE_URL = 'https://api.example-webhook.com/v1';

async function post(path, body, settings) {
	let response;
	try {
		response = await fetch(`${BASE_URL}${path}`, {
			method: 'POST',
			headers: {
				Authorization: `Basic ${btoa(settings.apiKey + ':')}`,
				'Content-Type': 'application/json'
			},
			body: JSON.stringify(body)
		});
	} catch (error) {
		// Connection failures are temporary: let Segment retry.
		throw new RetryError(`Could not reach the webhook API: ${error.message}`);
	}

	if (response.status >= 500 || response.status === 429) {
		throw new RetryError(`POST ${path} failed with ${response.status}`);
	}
	if (!response.ok) {
		const detail = await response.text();
		throw new ValidationError(`POST ${path} was rejected with ${response.status}: ${detail}`);
	}
	return response.json();
}

function withContext(body, event, settings) {
	return settings.includeContext ? { ...body, context: event.context } : body;
}

async function onTrack(event, settings) {
	if (!event.event) {
		throw new InvalidEventPayload('track event has no "event" name');
	}
	if (!event.userId && !event.anonymousId) {
		throw new InvalidEventPayload('userId or anonymousId is required');
	}

	const body = {
		id: event.messageId,
		name: event.event,
		user_id: event.userId || null,
		anonymous_id: event.anonymousId || null,
		properties: event.properties || {},
		occurred_at: event.timestamp
	};
	console.log(`Sending "${event.event}" for ${body.user_id || body.anonymous_id}`);
	return post('/events', withContext(body, event, settings), settings);
}

async function onIdentify(event, settings) {
	if (!event.userId) {
		throw new InvalidEventPayload('userId is required to identify a user');
	}
	if (!event.traits || Object.keys(event.traits).length === 0) {
		throw new InvalidEventPayload('identify has no traits to send');
	}

	const body = {
		id: event.messageId,
		user_id: event.userId,
		traits: event.traits,
		occurred_at: event.timestamp
	};
	console.log(`Updating user ${event.userId} with`, Object.keys(event.traits).length, 'traits');
	return post('/users', withContext(body, event, settings), settings);
}

async function onPage(event, settings) {
	throw new EventNotSupported('page is not supported');
}

async function onScreen(event, settings) {
	throw new EventNotSupported('screen is not supported');
}

async function onGroup(event, settings) {
	throw new EventNotSupported('group is not supported');
}

async function onAlias(event, settings) {
	throw new EventNotSupported('alias is not supported');
}

async function onDelete(event, settings) {
	throw new EventNotSupported('delete is not supported');
}
