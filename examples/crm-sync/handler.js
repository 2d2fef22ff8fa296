// CRM sync destination: identify upserts a contact, group links the contact to a company,
// delete erases the contact. Track, page, screen and alias have no handler, so Segment
// reports them as unsupported.

const API_URL = 'https://api.example-crm.com';
const TOKEN_TTL_MS = 50 * 60 * 1000; // tokens live an hour; refresh ten minutes early

function tokenKey(settings) {
	return `crm-token:${settings.clientId}`;
}

// Client-credentials token, fetched once and shared by every event until it expires.
async function accessToken(settings) {
	return cache.load(tokenKey(settings), TOKEN_TTL_MS, async () => {
		const response = await fetch(`${API_URL}/oauth/token`, {
			method: 'POST',
			body: new URLSearchParams({
				grant_type: 'client_credentials',
				client_id: settings.clientId,
				client_secret: settings.clientSecret,
				scope: 'contacts companies'
			})
		});
		if (response.status >= 500 || response.status === 429) {
			throw new RetryError(`Token request failed with ${response.status}`);
		}
		if (!response.ok) {
			throw new ValidationError(`Token request rejected with ${response.status}: check Client ID and Client Secret`);
		}
		const body = await response.json();
		console.log('Fetched a new CRM access token, expires in', body.expires_in, 'seconds');
		return body.access_token;
	});
}

async function crmRequest(method, path, query, body, settings) {
	const url = new URL(path, API_URL);
	_.forEach(query, (value, key) => url.searchParams.set(key, value));
	const token = await accessToken(settings);

	let response;
	try {
		response = await fetch(url, {
			method,
			headers: {
				Authorization: `Bearer ${token}`,
				Accept: 'application/json',
				'Content-Type': 'application/json'
			},
			body: body === undefined ? undefined : JSON.stringify(body)
		});
	} catch (error) {
		throw new RetryError(error.message);
	}

	if (response.status === 401) {
		cache.delete(tokenKey(settings));
		throw new RetryError('Access token was rejected; a new one is fetched on retry');
	}
	if (response.status >= 500 || response.status === 429) {
		throw new RetryError(`${method} ${url.pathname} failed with ${response.status}`);
	}
	if (!response.ok) {
		throw new ValidationError(`${method} ${url.pathname} was rejected with ${response.status}: ${await response.text()}`);
	}
	return response.status === 204 ? { deleted: true } : response.json();
}

function emailHash(email) {
	return crypto.createHash('sha256').update(_.toLower(_.trim(email))).digest('hex');
}

function hostname(website) {
	try {
		return new URL(website).hostname;
	} catch (error) {
		return undefined;
	}
}

async function onIdentify(event, settings) {
	const traits = event.traits || {};
	const email = traits.email || _.get(event, 'context.traits.email');
	if (!event.userId && !email) {
		throw new InvalidEventPayload('identify needs a userId or an email trait');
	}

	const mapping = settings.traitMapping || {};
	const mapped = _.mapKeys(_.pick(traits, Object.keys(mapping)), (value, trait) => mapping[trait]);
	const fields = _.omitBy(
		{
			email,
			first_name: traits.firstName || traits.first_name,
			last_name: traits.lastName || traits.last_name,
			title: traits.title,
			phone: traits.phone,
			...mapped
		},
		_.isNil
	);
	const contact = {
		external_id: event.userId || null,
		email_sha256: email ? emailHash(email) : null,
		fields,
		tags: _.uniq(settings.contactTags || []),
		last_seen_at: event.timestamp
	};

	console.log(`Upserting contact ${event.userId || contact.email_sha256} with fields`, Object.keys(fields));
	const matchOn = event.userId ? 'external_id' : 'email_sha256';
	return crmRequest('PUT', '/v2/contacts', { upsert: 'true', match_on: matchOn }, contact, settings);
}

async function onGroup(event, settings) {
	if (!event.groupId) {
		throw new InvalidEventPayload('group needs a groupId');
	}
	if (!event.userId) {
		throw new InvalidEventPayload('group needs a userId to find the contact');
	}

	const traits = event.traits || {};
	const company = _.omitBy(
		{
			external_id: event.groupId,
			name: traits.name,
			domain: traits.website && hostname(traits.website),
			industry: traits.industry,
			employees: traits.employees,
			plan: traits.plan
		},
		_.isNil
	);

	console.log(`Linking contact ${event.userId} to company ${event.groupId}`);
	const path = `/v2/contacts/${encodeURIComponent(event.userId)}/company`;
	return crmRequest('PUT', path, { match_on: 'external_id' }, company, settings);
}

async function onDelete(event, settings) {
	if (!event.userId) {
		throw new InvalidEventPayload('delete needs a userId');
	}
	console.log(`Deleting contact ${event.userId}`);
	const path = `/v2/contacts/${encodeURIComponent(event.userId)}`;
	return crmRequest('DELETE', path, { match_on: 'external_id' }, undefined, settings);
}
