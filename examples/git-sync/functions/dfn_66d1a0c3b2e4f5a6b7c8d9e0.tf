import {
  to = segment_function.id-dfn_66d1a0c3b2e4f5a6b7c8d9e0
  id = "dfn_66d1a0c3b2e4f5a6b7c8d9e0"
}

resource "segment_function" "id-dfn_66d1a0c3b2e4f5a6b7c8d9e0" {
  code          = "/**\n * Forward track events to a webhook, with the event name in the URL.\n * @param  {SegmentTrackEvent} event\n * @param  {FunctionSettings} settings\n */\nasync function onTrack(event, settings) {\n\tconst endpoint = `$${settings.endpoint}/track/$${encodeURIComponent(event.event)}`;\n\tconst response = await fetch(endpoint, {\n\t\tmethod: 'POST',\n\t\theaders: {\n\t\t\tAuthorization: `Bearer $${settings.apiKey}`,\n\t\t\t'Content-Type': 'application/json'\n\t\t},\n\t\tbody: JSON.stringify({ userId: event.userId, properties: event.properties })\n\t});\n\tif (response.status >= 500 || response.status === 429) {\n\t\tthrow new RetryError(`Failed with $${response.status}`);\n\t}\n\treturn { status: response.status };\n}\n\n/**\n * Handle identify event\n * @param  {SegmentIdentifyEvent} event\n * @param  {FunctionSettings} settings\n */\nasync function onIdentify(event, settings) {\n\tthrow new EventNotSupported('identify is not supported');\n}\n"
  description   = "Forwards track events to a webhook"
  display_name  = "Webhook Forwarder"
  logo_url      = "https://cdn.filepicker.io/api/file/RmPmpcBTQZKaFeGQrdG5"
  resource_type = "DESTINATION"
  settings = [
    {
      description = "The webhook's base URL"
      label       = "Endpoint"
      name        = "endpoint"
      required    = true
      sensitive   = false
      type        = "STRING"
    },
    {
      description = "Sent as a bearer token"
      label       = "API Key"
      name        = "apiKey"
      required    = true
      sensitive   = true
      type        = "STRING"
    },
  ]
}
