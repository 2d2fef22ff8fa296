// A mapping destination with no I/O: validate, reshape with lodash, return the payload.
const VERSION = 1; // bench/save_to_result.py rewrites this line on every save

async function onTrack(event, settings) {
  if (!event.event) throw new InvalidEventPayload('track event has no "event" name');
  const properties = event.properties || {};
  const payload = {
    version: VERSION, // first, so a terminal shows it at the top of Callback Return
    id: event.messageId,
    name: _.snakeCase(event.event),
    user_id: event.userId || event.anonymousId || null,
    revenue: Number(_.get(properties, 'revenue', 0)),
    items: _.map(properties.products || [], (product) => _.pick(product, ['sku', 'price', 'quantity'])),
    context: _.pick(event.context || {}, ['ip', 'userAgent']),
    occurred_at: new Date(event.timestamp).toISOString(),
  };
  if (settings.region) payload.region = settings.region;
  return payload;
}
