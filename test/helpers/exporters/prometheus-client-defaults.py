"""A plain Python process exporting prometheus_client's default collectors (process, gc, platform) on
127.0.0.1:<PORT>/metrics; PORT 0 picks one, printed as `listening <port>`."""

import os
import signal
import sys
from wsgiref.simple_server import WSGIRequestHandler, make_server

from prometheus_client import make_wsgi_app


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


server = make_server("127.0.0.1", int(os.environ.get("PORT", "0")), make_wsgi_app(), handler_class=QuietHandler)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
print(f"listening {server.server_address[1]}", flush=True)
server.serve_forever()
