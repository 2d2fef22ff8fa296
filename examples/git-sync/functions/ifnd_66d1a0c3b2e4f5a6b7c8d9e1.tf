import {
  to = segment_function.id-ifnd_66d1a0c3b2e4f5a6b7c8d9e1
  id = "ifnd_66d1a0c3b2e4f5a6b7c8d9e1"
}

resource "segment_function" "id-ifnd_66d1a0c3b2e4f5a6b7c8d9e1" {
  code = <<-EOT
// Drop test traffic and tag the rest before it reaches the destination.
async function onTrack(event, settings) {
	if (event.properties && event.properties.test === true) {
		throw new DropEvent('test event');
	}
	event.properties = { ...event.properties, tagged: `$${settings.tag}` };
	return event;
}
EOT
  description   = null
  display_name  = "Tag and filter"
  logo_url      = null
  resource_type = "INSERT_DESTINATION"
  settings = [
    {
      description = "Added to every event as properties.tagged"
      label       = "Tag"
      name        = "tag"
      required    = false
      sensitive   = false
      type        = "STRING"
    },
  ]
}
