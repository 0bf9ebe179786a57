#!/usr/bin/env python3
"""tests/helpers/notify_listen.py SOCKET OUT — stand in for systemd's NOTIFY_SOCKET.

Binds an AF_UNIX SOCK_DGRAM socket at SOCKET and appends every datagram it
receives to OUT, one line per message field: "<monotonic seconds> <field>"
(a datagram such as "READY=1\\nSTATUS=siap" gives two lines with the same
time).  Runs until killed."""
import os
import socket
import sys
import time

path, out = sys.argv[1], sys.argv[2]
try:
    os.unlink(path)
except FileNotFoundError:
    pass
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(path)
with open(out, "a", buffering=1) as f:
    while True:
        data = s.recv(65536).decode("utf-8", "replace")
        t = time.monotonic()
        for field in data.split("\n"):
            if field:
                f.write("%.3f %s\n" % (t, field))
