"""web_load.py URL TOKEN KK_FILE CLIENTS SECONDS [LABEL] — make bench's load
on rekon web's JSON cek: CLIENTS threads, each with its own keep-alive
connection, POST {"kk": ...} to URL (/api/v1/cek) with the Bearer TOKEN for
SECONDS, the No KK drawn in turn from KK_FILE (one a line). Prints one line:
LABEL requests, errors, requests/s, p50, p90, p99 and max latency in ms.
Never fails on a time: exit 1 only when a request failed.
"""
import http.client, json, sys, threading, time, urllib.parse

url, token, kkfile, clients, seconds = sys.argv[1:6]
label = sys.argv[6] if len(sys.argv) > 6 else "cek"
clients, seconds = int(clients), float(seconds)
kks = [l.strip() for l in open(kkfile) if l.strip()]
u = urllib.parse.urlsplit(url)
lat, errors = [], [0]
lock = threading.Lock()
stop_at = time.monotonic() + seconds

def client(i):
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    mine, bad, n = [], 0, i
    while time.monotonic() < stop_at:
        body = json.dumps({"kk": kks[n % len(kks)]})
        n += clients
        t0 = time.monotonic()
        try:
            conn.request("POST", u.path, body, {"Content-Type": "application/json",
                                                "Authorization": "Bearer " + token})
            r = conn.getresponse()
            r.read()
            ok = r.status == 200
        except Exception:
            ok = False
            conn.close()
            conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
        mine.append((time.monotonic() - t0) * 1000)
        bad += 0 if ok else 1
    with lock:
        lat.extend(mine)
        errors[0] += bad

threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
t0 = time.monotonic()
for t in threads: t.start()
for t in threads: t.join()
wall = time.monotonic() - t0
lat.sort()
def pct(p): return lat[min(len(lat) - 1, int(len(lat) * p / 100))] if lat else float("nan")
print("%s: %d requests, %d errors, %.0f/s, p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms"
      % (label, len(lat), errors[0], len(lat) / wall, pct(50), pct(90), pct(99), lat[-1] if lat else float("nan")))
sys.exit(1 if errors[0] else 0)
