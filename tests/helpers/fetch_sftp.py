#!/usr/bin/python3
"""SFTP stand-in for the fetch tests (paramiko): DIR on 127.0.0.1.

    fetch_sftp.py DIR PORTFILE LOGFILE USER PASSWORD HOSTKEY

HOSTKEY is an ECDSA private key file; made (with HOSTKEY.pub holding
"TYPE BASE64") when missing.  Password authentication only.  The first read of
each opened file is logged as "READ NAME" to LOGFILE; the port is written
to PORTFILE once listening.
"""
import os
import socket
import sys
import threading

import paramiko

import orphan_guard

root, portfile, logfile, user, password, hostkey = sys.argv[1:7]


orphan_guard.start()

if not os.path.exists(hostkey):
    k = paramiko.ECDSAKey.generate(bits=256)
    k.write_private_key_file(hostkey)
    with open(hostkey + ".pub", "w") as f:
        f.write("%s %s\n" % (k.get_name(), k.get_base64()))
key = paramiko.ECDSAKey(filename=hostkey)


class Server(paramiko.ServerInterface):
    def check_auth_password(self, u, p):
        if u == user and p == password:
            return paramiko.AUTH_SUCCESSFUL
        return paramiko.AUTH_FAILED

    def get_allowed_auths(self, u):
        return "password"

    def check_channel_request(self, kind, chanid):
        if kind == "session":
            return paramiko.OPEN_SUCCEEDED
        return paramiko.OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED


class Handle(paramiko.SFTPHandle):
    logged = False

    def read(self, offset, length):
        if not self.logged:
            self.logged = True
            with open(logfile, "a") as lf:
                lf.write("READ %s\n" % os.path.basename(self.filename))
        return super().read(offset, length)

    def stat(self):
        return paramiko.SFTPAttributes.from_stat(os.fstat(self.readfile.fileno()))


class SFTP(paramiko.SFTPServerInterface):
    def real(self, path):
        path = os.path.normpath("/" + path)
        return os.path.join(root, path.lstrip("/"))

    def canonicalize(self, path):
        return os.path.normpath("/" + path)

    def list_folder(self, path):
        out = []
        d = self.real(path)
        try:
            for n in os.listdir(d):
                a = paramiko.SFTPAttributes.from_stat(os.stat(os.path.join(d, n)))
                a.filename = n
                out.append(a)
        except OSError as e:
            return paramiko.SFTPServer.convert_errno(e.errno)
        return out

    def stat(self, path):
        try:
            return paramiko.SFTPAttributes.from_stat(os.stat(self.real(path)))
        except OSError as e:
            return paramiko.SFTPServer.convert_errno(e.errno)

    lstat = stat

    def open(self, path, flags, attr):
        if flags & (os.O_WRONLY | os.O_RDWR):
            return paramiko.SFTP_PERMISSION_DENIED
        try:
            f = open(self.real(path), "rb")
        except OSError as e:
            return paramiko.SFTPServer.convert_errno(e.errno)
        h = Handle(flags)
        h.readfile = f
        h.filename = self.real(path)
        return h


def serve(conn):
    t = paramiko.Transport(conn)
    t.add_server_key(key)
    t.set_subsystem_handler("sftp", paramiko.SFTPServer, SFTP)
    try:
        t.start_server(server=Server())
        while t.is_active():
            t.join(1)
    except Exception:
        pass


sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sock.bind(("127.0.0.1", 0))
sock.listen(16)
with open(portfile + ".tmp", "w") as f:
    f.write(str(sock.getsockname()[1]))
os.rename(portfile + ".tmp", portfile)
while True:
    c, _ = sock.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
