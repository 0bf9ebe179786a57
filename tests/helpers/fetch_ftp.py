#!/usr/bin/python3
"""FTP stand-in for the fetch tests (pyftpdlib): DIR on 127.0.0.1.

    fetch_ftp.py DIR PORTFILE LOGFILE USER PASSWORD

Each RETR is logged as "RETR NAME" to LOGFILE; the port is written to
PORTFILE once listening.
"""
import logging
import os
import sys

from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.servers import FTPServer

import orphan_guard

root, portfile, logfile, user, password = sys.argv[1:6]


orphan_guard.start()
logging.basicConfig(level=logging.CRITICAL)


class Handler(FTPHandler):
    def on_file_sent(self, file):
        with open(logfile, "a") as f:
            f.write("RETR %s\n" % os.path.basename(file))


auth = DummyAuthorizer()
auth.add_user(user, password, root, perm="elr")
Handler.authorizer = auth
Handler.passive_ports = None
srv = FTPServer(("127.0.0.1", 0), Handler)
with open(portfile + ".tmp", "w") as f:
    f.write(str(srv.address[1]))
os.rename(portfile + ".tmp", portfile)
srv.serve_forever()
