// Destination insert function: each handler returns the event to pass on to the destination.
// Returning nothing (or null), or throwing DropEvent, drops the event.
// Learn more at https://segment.com/docs/connections/functions/insert-functions/

/**
 * Handle a track event.
 * @param  {SegmentTrackEvent} event
 * @param  {FunctionSettings} settings
 */
async function onTrack(event, settings) {
	// Enrich or transform the event, then return it.
	event.properties = { ...event.properties, enriched: true };
	return event;
}

/**
 * Handle an identify event.
 * @param  {SegmentIdentifyEvent} event
 * @param  {FunctionSettings} settings
 */
async function onIdentify(event, settings) {
	// Drop events you do not want the destination to receive.
	if (event.traits && event.traits.test) {
		throw new DropEvent('test user');
	}
	return event;
}

async function onPage(event, settings) {
	return event;
}

async function onScreen(event, settings) {
	return event;
}

async function onGroup(event, settings) {
	return event;
}

async function onAlias(event, settings) {
	return event;
}

async function onDelete(event, settings) {
	return event;
}
