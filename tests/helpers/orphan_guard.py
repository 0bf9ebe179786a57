"""tests/helpers/orphan_guard.py — imported by the test servers (fetch_*.py,
webhook_server.py): start() makes the server exit when the test script that
started it is gone, even killed with -9, so no server outlives its test."""
import os
import threading
import time


def start():
    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)
    threading.Thread(target=watch, daemon=True).start()
