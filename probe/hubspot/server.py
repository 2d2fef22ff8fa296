"""A fake HubSpot on 127.0.0.1:8765 for the probe."""
import json
import time
from http.server import BaseHTTPRequestHandler, HTTPServer


class H(BaseHTTPRequestHandler):
    def do_POST(self):
        n = int(self.headers.get('content-length') or 0); body = self.rfile.read(n)
        if self.path.startswith('/slow'):
            time.sleep(10)
        if b'bad@' in body:
            out = json.dumps({"status": "error", "message": "Property values were not valid"}).encode(); code = 400
        else:
            out = json.dumps({"id": "1234", "path": self.path}).encode(); code = 201
        self.send_response(code); self.send_header('Content-Type', 'application/json'); self.send_header('Content-Length', str(len(out))); self.end_headers(); self.wfile.write(out)
    do_GET = do_POST
    def log_message(self, *a): pass
HTTPServer(('127.0.0.1', 8765), H).serve_forever()
