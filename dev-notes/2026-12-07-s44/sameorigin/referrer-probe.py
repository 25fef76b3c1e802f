import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200); self.send_header('Content-Type','text/html'); self.send_header('Referrer-Policy',sys.argv[1] if len(sys.argv) > 1 else 'same-origin'); self.end_headers()
        self.wfile.write(b'<form method=post action=/x><input name=a value=1></form><script>document.forms[0].submit()</script>')
    def do_POST(self):
        sys.stderr.write("POST HEADERS:\n" + str(self.headers) + "\n"); sys.stderr.flush()
        self.send_response(200); self.send_header('Content-Type','text/html'); self.end_headers(); self.wfile.write(b'ok')
http.server.HTTPServer(('127.0.0.1', 18951), H).serve_forever()
