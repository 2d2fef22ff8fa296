import {
  to = segment_function.id-sfnc_Xq3bWm9TcA
  id = "sfnc_Xq3bWm9TcA"
}

resource "segment_function" "id-sfnc_Xq3bWm9TcA" {
  code          = "/**\n * Handle incoming HTTP request\n * @param  {FunctionRequest} request\n * @param  {FunctionSettings} settings\n */\nasync function onRequest(request, settings) {\n\tconst body = await request.json();\n\tSegment.track({ event: body.type, userId: body.user, properties: body });\n}\n"
  description   = null
  display_name  = "Webhook Source"
  logo_url      = null
  resource_type = "SOURCE"
  settings      = []
}
