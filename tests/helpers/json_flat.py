#!/usr/bin/env python3
"""Print a JSON summary's figures as 'PERIOD.key.sub = value' lines, the way
gen-harapan.txt names them, so the two can be compared line by line."""
import json
import sys


def flat(prefix, v, out):
    if isinstance(v, dict):
        for k, x in v.items():
            flat(prefix + "." + k, x, out)
    elif isinstance(v, list):
        return
    else:
        out.append("%s = %s" % (prefix, "null" if v is None else v))


doc = json.load(open(sys.argv[1]))
out = []
for k, v in doc.items():
    if k in ("periode", "dibuat", "batch"):
        continue
    flat(doc["periode"] + "." + k, v, out)
print("\n".join(out))
