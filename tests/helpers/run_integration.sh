#!/bin/sh
# make integration: the integration scripts only.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export ROOT
rc=0
for t in "$ROOT"/tests/integration/*.sh; do sh "$t" || rc=1; done
exit $rc
