#!/usr/bin/env python3
"""tests/helpers/webhook_server.py DIR — a webhook receiver on 127.0.0.1 for tests.

Listens on a free port and writes it to DIR/port.  Every POST is one
request: its number n (from 1) goes to DIR/log as "n STATUS EVENT", its
body to DIR/n.json.  While DIR/fail holds a number k > 0, a request is
answered 500 and k is lowered by one; otherwise 204.  While DIR/hold
exists, a request is answered only once it is removed (at most 60 s).
Runs until killed."""
import http.server
import os
import sys
import time

import orphan_guard

out = sys.argv[1]
orphan_guard.start()
count = 0


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        global count
        count += 1
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with open(os.path.join(out, "%d.json" % count), "wb") as f:
            f.write(body)
        hold = os.path.join(out, "hold")
        t0 = time.time()
        while os.path.exists(hold) and time.time() - t0 < 60:
            time.sleep(0.05)
        status = 204
        fail = os.path.join(out, "fail")
        if os.path.exists(fail):
            k = int(open(fail).read().strip() or "0")
            if k > 0:
                status = 500
                with open(fail, "w") as f:
                    f.write(str(k - 1))
        with open(os.path.join(out, "log"), "a") as f:
            f.write("%d %d %s %s\n" % (count, status,
                                       self.headers.get("X-Rekon-Event", "-"),
                                       self.headers.get("Content-Type", "-")))
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


srv = http.server.HTTPServer(("127.0.0.1", 0), Handler)
with open(os.path.join(out, "port.tmp"), "w") as f:
    f.write(str(srv.server_address[1]))
os.rename(os.path.join(out, "port.tmp"), os.path.join(out, "port"))
srv.serve_forever()
