"""Webhook receiver that is up for UP seconds, then down (port closed) for DOWN seconds, in turn; counts requests."""
import http.server, socketserver, sys, threading, time
port, up, down = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
count = [0]
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        n = int(self.headers.get("Content-Length", 0)); self.rfile.read(n); count[0] += 1
        self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()
    def log_message(self, *a): pass
class S(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True; allow_reuse_address = True
while True:
    s = S(("127.0.0.1", port), H); t = threading.Thread(target=s.serve_forever, daemon=True); t.start()
    time.sleep(up); s.shutdown(); s.server_close()
    print(time.strftime("%H:%M:%S"), "received", count[0], "going down", flush=True)
    time.sleep(down)
