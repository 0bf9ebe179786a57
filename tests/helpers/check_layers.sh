#!/bin/sh
# make check-layers: the build refuses an include that runs back up.
#
#   sh tests/check_layers.sh "CC FLAGS" "LAYER:-Idir -Idir..." ...
#
# For each layer (a source folder and the include path the Makefile gives
# it), a one-line file that includes one header is compiled, for every
# header of every layer: a header of the layer itself or of a layer below
# must compile, a header of any other folder (a layer above, or beside)
# must not be found.  So a deliberate upward include in any folder breaks
# make, and a layer that lost a header it may use is seen too.
# Closes with "N passed, N failed".
cc=$1
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
dirs=""
for arg in "$@"; do dirs="$dirs ${arg%%:*}"; done
for arg in "$@"; do
	layer=${arg%%:*}
	inc=${arg#*:}
	for d in $dirs; do
		case " $inc " in *" -I$d "*) want=compiles ;; *) want=refused ;; esac
		for h in "$d"/*.h; do
			[ -f "$h" ] || continue
			printf '#include "%s"\n' "$(basename "$h")" > "$tmp/probe.c"
			if $cc $inc -c -o /dev/null "$tmp/probe.c" 2>"$tmp/err"; then
				got=compiles
			elif grep -q 'No such file' "$tmp/err"; then
				got=refused
			else
				got="broken: $(head -1 "$tmp/err")"
			fi
			if [ "$got" = "$want" ]; then
				pass=$((pass + 1))
			else
				fail=$((fail + 1))
				echo "FAIL $layer: #include \"$(basename "$h")\" ($d) $got, want $want"
			fi
		done
	done
done
echo "check-layers: every header of every layer tried from each layer"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
