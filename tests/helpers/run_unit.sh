#!/bin/sh
# make unit: the Check test binaries only.
rc=0
for t in "$@"; do "$t" || rc=1; done
exit $rc
