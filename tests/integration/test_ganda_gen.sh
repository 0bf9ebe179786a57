#!/bin/sh
# gen's planted duplicate pairs and look-alikes (rekon gen --ganda, issue
# 18) on top of the population extract: every JSON figure of gen's three
# months still equals gen's model, which counts the second rows in (aktif,
# ditetapkan, BUKAN_DTKS, KEMUNGKINAN_GANDA, BUKAN_PENDUDUK). The same
# script as test_dukcapil_gen.sh, with both options.
GEN_OPTS="--kependudukan --ganda" exec sh "$(dirname "$0")/test_dukcapil_gen.sh"
