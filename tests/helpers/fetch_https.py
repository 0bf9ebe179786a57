#!/usr/bin/python3
"""HTTPS stand-in for the fetch tests: serves DIR over TLS on 127.0.0.1.

    fetch_https.py DIR PORTFILE LOGFILE CERT KEY

Every file gets an ETag ("size-mtime_ns") and a Last-Modified; a request
whose If-None-Match matches, or (without If-None-Match) whose
If-Modified-Since is not older than the file, gets 304.  Each request is
logged as "METHOD PATH STATUS INM=... IMS=..." to LOGFILE.  The port
(chosen by the kernel) is written to PORTFILE once listening.
"""
import email.utils
import http.server
import os
import ssl
import sys

import orphan_guard

root, portfile, logfile, cert, key = sys.argv[1:6]


orphan_guard.start()


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, fmt, *args):
        pass

    def note(self, status):
        with open(logfile, "a") as f:
            f.write("%s %s %d INM=%s IMS=%s\n" % (
                self.command, self.path, status,
                self.headers.get("If-None-Match", "-"),
                self.headers.get("If-Modified-Since", "-")))

    def do_GET(self):
        path = os.path.join(root, self.path.lstrip("/").split("?")[0])
        if not os.path.isfile(path):
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            self.note(404)
            return
        st = os.stat(path)
        etag = '"%d-%d"' % (st.st_size, st.st_mtime_ns)
        lm = email.utils.formatdate(st.st_mtime, usegmt=True)
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        fresh = False
        if inm is not None:
            fresh = inm == etag
        elif ims is not None:
            try:
                fresh = int(st.st_mtime) <= email.utils.parsedate_to_datetime(ims).timestamp()
            except (TypeError, ValueError):
                fresh = False
        if fresh:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            self.note(304)
            return
        with open(path, "rb") as f:
            body = f.read()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", lm)
        self.end_headers()
        self.wfile.write(body)
        self.note(200)


srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(cert, key)
srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
with open(portfile + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
os.rename(portfile + ".tmp", portfile)
srv.serve_forever()
