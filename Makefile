# rekon — build, test, demo.  See README.md.
#
#   make          build/rekon
#   make test     unit tests (Check) and integration tests on a throwaway PostgreSQL
#   make demo     the whole month on the embedded PostgreSQL
#   make deps     install the Debian packages rekon needs (apt-get; sudo when not root)
#   make bench    timings (never part of make test)
#   make test-asan      the whole suite built with AddressSanitizer and UBSan
#   make test-valgrind  the unit tests under valgrind: no errors, no leaks
#   make fuzz     libFuzzer targets (clang), FUZZ_SECONDS each (tests/fuzz/)
#   make test-systemd   the units under a real systemd, in a booted Debian 12
#                       container (root; tests/systemd/boot.sh)
#   make test-citus     gen's months on a Citus coordinator and two workers equal
#                       to the single server (tests/citus/run.sh; builds Citus
#                       from ../shared/vendor the first time, as root or sudo)
#   make po       the message template from the sources, merged into po/id.po

CC      ?= cc
PKGS    := libpq libcurl libsystemd inih libcrypto jansson xlsxwriter libzip expat \
	libmicrohttpd libsodium zlib
# Debian packages: build and run dependencies, plus what the tests use.
DEB_PKGS := build-essential pkg-config libpq-dev libcsv-dev libxlsxwriter-dev \
	libcurl4-openssl-dev libsystemd-dev libinih-dev libssl-dev libjansson-dev \
	libzip-dev libexpat1-dev libmicrohttpd-dev libsodium-dev zlib1g-dev \
	check postgresql postgresql-contrib python3 python3-openpyxl time \
	systemd groff-base openssl python3-pyftpdlib python3-paramiko \
	curl chromium chromium-driver python3-selenium wrk \
	libreoffice-calc-nogui poppler-utils gettext

BUILD   := build
CFLAGS  ?= -O2 -g
override CFLAGS += -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
# deflateInit2_ exported: reports/xlsx_sheet.c's stands in front of zlib's
# for the workbooks libxlsxwriter zips (its compression level).
LDLIBS  += $(PKG_LIBS) -lcsv -lm -Wl,--export-dynamic-symbol=deflateInit2_

# The layers, low to high (docs/architecture.md).  Each folder is compiled
# with its own include path and those of the layers below it only, so an
# include that runs back up does not compile (make check-layers shows it).
INC_lib         := -Ilib
INC_reports     := -Ireports $(INC_lib)
INC_jobs/input  := -Ijobs/input $(INC_lib)
INC_jobs/bpjs   := -Ijobs/bpjs -Ijobs/input $(INC_lib)
INC_jobs        := -Ijobs -Ijobs/input -Ijobs/bpjs $(INC_reports)
INC_gen         := -Igen $(INC_lib)
INC_daemon      := -Idaemon $(INC_jobs)
INC_web         := -Iweb $(INC_jobs)
INC_cli         := -Icli -Idaemon -Iweb -Igen $(INC_jobs)
INC_ALL         := $(INC_cli)
LAYERS  := lib reports jobs/input jobs/bpjs jobs gen daemon web cli
inc_of   = $(INC_$(patsubst %/,%,$(dir $(1))))

SRC     := $(foreach d,$(LAYERS),$(wildcard $(d)/*.c))
HDR     := $(foreach d,$(LAYERS),$(wildcard $(d)/*.h))
OBJ     := $(SRC:%.c=$(BUILD)/%.o) $(BUILD)/sql_embed.o
# What the unit tests and fuzz targets link: everything but the command line.
LIBOBJ  := $(filter-out $(BUILD)/cli/%,$(OBJ))
SQL     := $(sort $(wildcard sql/*.sql))
RULES   := $(sort $(wildcard sql/rules/*.sql))
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
MO      := $(BUILD)/locale/id/LC_MESSAGES/rekon.mo

.PHONY: all deps test unit integration demo bench clean install libobj \
	test-asan test-valgrind test-systemd test-citus fuzz fuzz-build check-layers po

all: $(BUILD)/rekon

# Shell: install those of the Debian packages in $$pkgs that are missing
# (apt-get, through sudo when not root).
INSTALL_DEBS = missing=""; for p in $$pkgs; do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "rekon: installing Debian packages:$$missing"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null || exit 1; \
	fi

# The stamp makes every build check (once) that the Debian packages are here.
$(BUILD)/.deps: Makefile
	@mkdir -p $(BUILD)
	@pkgs="$(DEB_PKGS)"; $(INSTALL_DEBS)
	@touch $@

# The tests' VClaim stand-in is Node with the reference lz-string package
# from npm, pinned by tests/vclaim/package-lock.json.  Node and npm come from
# Debian when the machine has neither (a NodeSource node brings its own npm).
NODE_MODULES := tests/vclaim/node_modules/lz-string/package.json
$(NODE_MODULES): tests/vclaim/package.json tests/vclaim/package-lock.json $(BUILD)/.deps
	@if ! command -v node >/dev/null || ! command -v npm >/dev/null; then \
		echo "rekon: installing Debian packages: nodejs npm"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null || exit 1; \
	fi
	@echo "  NPM     tests/vclaim (lz-string)"
	@cd tests/vclaim && npm ci --no-audit --no-fund --silent
	@touch $@

deps: $(BUILD)/.deps $(NODE_MODULES)

$(BUILD)/%.o: %.c $(BUILD)/.deps $(HDR)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) $(call inc_of,$<) $(PKG_CFLAGS) -c -o $@ $<

# sql/*.sql are compiled into the binary, so it always carries the schema it needs.
$(BUILD)/sql_embed.c: $(SQL) $(RULES) sql/embed.sh
	@mkdir -p $(BUILD)
	@sh sql/embed.sh $(SQL) -- $(RULES) > $@

$(BUILD)/sql_embed.o: $(BUILD)/sql_embed.c
	@$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/rekon: $(OBJ) $(MO)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) -o $@ $(OBJ) $(LDLIBS)

# The Indonesian catalogue (lib/i18n.h), beside the binary where it looks
# first. make po: the template from the sources, merged into po/id.po.
$(MO): po/id.po $(BUILD)/.deps
	@mkdir -p $(dir $@)
	@echo "  MSGFMT  $@"
	@msgfmt --check --output-file=$@ po/id.po

po:
	@sh po/update.sh

$(BUILD)/tests/%: tests/unit/%.c $(LIBOBJ)
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@$(CC) $(CFLAGS) $(INC_ALL) $(PKG_CFLAGS) $$(pkg-config --cflags check) -o $@ $< $(LIBOBJ) $(LDLIBS) $$(pkg-config --libs check)

unit: $(UNIT_BIN)
	@sh tests/helpers/run_unit.sh $(UNIT_BIN)

integration: $(BUILD)/rekon $(NODE_MODULES)
	@sh tests/helpers/run_integration.sh

test: check-layers $(BUILD)/rekon $(UNIT_BIN) $(NODE_MODULES)
	@sh tests/helpers/run_all.sh $(UNIT_BIN)

# An include that runs back up does not compile (tests/check_layers.sh).
check-layers: $(BUILD)/.deps
	@sh tests/helpers/check_layers.sh "$(CC) -std=c11 -D_GNU_SOURCE -fsyntax-only $(PKG_CFLAGS)" \
		$(foreach l,$(LAYERS),"$(l):$(INC_$(l))")

# rekon demo: everything under ./demo (git-ignored), the database too
# unless the server's user cannot reach it (cli/cmd_demo.c).
demo: $(BUILD)/rekon
	@$(BUILD)/rekon demo --scale $(or $(SCALE),1000)

bench: $(BUILD)/rekon
	@OLD='$(OLD)' sh tests/bench.sh

clean:
	rm -rf $(BUILD) build-asan build-fuzz

libobj: $(LIBOBJ)

# --- sanitizers, valgrind, fuzzing (docs/testing.md) -----------------------
SAN_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=all

# The whole suite against a build with ASan and UBSan: any error aborts the
# process that made it, so a test sees a crash. Leaks are valgrind's part
# (test-valgrind): a short-lived command's memory is freed by its exit.
test-asan: $(BUILD)/.deps $(NODE_MODULES)
	@$(MAKE) --no-print-directory BUILD=build-asan CFLAGS="$(SAN_FLAGS)" \
		build-asan/rekon $(UNIT_BIN:$(BUILD)/%=build-asan/%)
	@ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:halt_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	REKON_BIN=$(CURDIR)/build-asan/rekon \
		sh tests/helpers/run_all.sh $(UNIT_BIN:$(BUILD)/%=build-asan/%)

# Debian packages only these targets need, installed the first time:
# valgrind, and clang with its libFuzzer runtime.
$(BUILD)/.deps-%: $(BUILD)/.deps
	@pkgs="$(EXTRA_DEBS_$*)"; $(INSTALL_DEBS)
	@touch $@
EXTRA_DEBS_valgrind := valgrind
EXTRA_DEBS_systemd := debootstrap systemd-container
EXTRA_DEBS_fuzz := clang libclang-rt-14-dev

# Check runs each test in a child (CK_FORK): valgrind follows them, but not
# into PostgreSQL's own programs (test_pgembed starts a cluster).
test-valgrind: $(BUILD)/.deps-valgrind $(UNIT_BIN)
	@rc=0; for t in $(UNIT_BIN); do \
		echo "== valgrind $$t"; \
		valgrind -q --error-exitcode=99 --leak-check=full \
			--errors-for-leak-kinds=definite,indirect --trace-children=yes \
			--trace-children-skip='/usr/lib/postgresql/*,/usr/bin/*,/bin/*' \
			$$t >$(BUILD)/valgrind.out 2>&1 || { cat $(BUILD)/valgrind.out; rc=1; }; \
		tail -1 $(BUILD)/valgrind.out; \
	done; exit $$rc

# rekon.service and rekon-web.service started, reloaded, watched and stopped
# by a real systemd: a Debian 12 root (debootstrap, cached in
# /var/cache/rekon-test-systemd) booted with systemd-nspawn (docs/testing.md).
# Root: through sudo when not root.
test-systemd: $(BUILD)/.deps-systemd $(BUILD)/rekon
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO env REKON_BIN=$(CURDIR)/$(BUILD)/rekon sh tests/systemd/boot.sh

# rekon's schema and rules on a real Citus cluster (issue 20; docs/testing.md,
# docs/scale.md): Citus built from ../shared/vendor/citus-13.2.2.tar.gz and
# installed into PostgreSQL 15 when it is not yet (tests/citus/build.sh),
# three throwaway clusters, tests/compare_builds.sh single server vs cluster.
test-citus: $(BUILD)/.deps $(BUILD)/rekon
	sh tests/citus/run.sh

FUZZ_TARGETS := csvsrc xlsxsrc clean cron
FUZZ_SECONDS ?= 60
FUZZ_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined \
	-fno-sanitize-recover=all
fuzz-build: $(BUILD)/.deps-fuzz
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang CFLAGS="$(FUZZ_FLAGS)" libobj
	@for t in $(FUZZ_TARGETS); do \
		echo "  FUZZ    build-fuzz/fuzz_$$t"; \
		clang $(FUZZ_FLAGS) -fsanitize=fuzzer -std=c11 -D_GNU_SOURCE $(INC_ALL) \
			$(PKG_CFLAGS) -o build-fuzz/fuzz_$$t tests/fuzz/fuzz_$$t.c \
			$(LIBOBJ:$(BUILD)/%=build-fuzz/%) $(LDLIBS) || exit 1; \
	done

# Each target runs FUZZ_SECONDS from its seed corpus (tests/fuzz/corpus/T,
# copied: what the fuzzer adds stays in build-fuzz/corpus/T). A crash, a
# leak or a hang leaves its input in build-fuzz/ and fails.
fuzz: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p build-fuzz/corpus/$$t && cp -n tests/fuzz/corpus/$$t/* build-fuzz/corpus/$$t/ 2>/dev/null; \
		echo "== fuzz_$$t for $(FUZZ_SECONDS) s"; \
		ASAN_OPTIONS=detect_leaks=1 build-fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) \
			-timeout=10 -rss_limit_mb=1024 -artifact_prefix=build-fuzz/$$t- \
			-print_final_stats=1 build-fuzz/corpus/$$t 2>build-fuzz/$$t.log || \
			{ tail -40 build-fuzz/$$t.log; exit 1; }; \
		grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' build-fuzz/$$t.log; \
	done

# make install [DESTDIR=...] [PREFIX=/usr]: where Debian 12 expects things
# (/usr/lib/systemd/system is /lib/systemd/system on a merged-/usr system).
# The configuration itself is the admin's: only the example is installed,
# with the documentation; systemd-sysusers and systemd-tmpfiles (README)
# create the user rekon and /var/lib/rekon.
PREFIX  ?= /usr
INSTALL_FILES = $(PREFIX)/bin/rekon \
	$(PREFIX)/lib/systemd/system/rekon.service \
	$(PREFIX)/lib/systemd/system/rekon-web.service \
	$(PREFIX)/lib/sysusers.d/rekon.conf $(PREFIX)/lib/tmpfiles.d/rekon.conf \
	$(PREFIX)/share/man/man8/rekon.8.gz $(PREFIX)/share/man/man5/rekon.conf.5.gz \
	$(PREFIX)/share/doc/rekon/rekon.conf.example $(PREFIX)/share/doc/rekon/README.md \
	$(PREFIX)/share/bash-completion/completions/rekon \
	$(PREFIX)/share/locale/id/LC_MESSAGES/rekon.mo
install: $(BUILD)/rekon
	install -d -m 0755 $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/systemd/system \
		$(DESTDIR)$(PREFIX)/lib/sysusers.d $(DESTDIR)$(PREFIX)/lib/tmpfiles.d \
		$(DESTDIR)$(PREFIX)/share/man/man8 $(DESTDIR)$(PREFIX)/share/man/man5 \
		$(DESTDIR)$(PREFIX)/share/doc/rekon \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions \
		$(DESTDIR)$(PREFIX)/share/locale/id/LC_MESSAGES
	install -m 0755 $(BUILD)/rekon $(DESTDIR)$(PREFIX)/bin/rekon
	install -m 0644 $(MO) $(DESTDIR)$(PREFIX)/share/locale/id/LC_MESSAGES/rekon.mo
	install -m 0644 completion/rekon.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/rekon
	sed 's|/usr/bin/rekon|$(PREFIX)/bin/rekon|g' systemd/rekon.service > $(DESTDIR)$(PREFIX)/lib/systemd/system/rekon.service
	chmod 0644 $(DESTDIR)$(PREFIX)/lib/systemd/system/rekon.service
	sed 's|/usr/bin/rekon|$(PREFIX)/bin/rekon|g' systemd/rekon-web.service > $(DESTDIR)$(PREFIX)/lib/systemd/system/rekon-web.service
	chmod 0644 $(DESTDIR)$(PREFIX)/lib/systemd/system/rekon-web.service
	install -m 0644 systemd/rekon.sysusers $(DESTDIR)$(PREFIX)/lib/sysusers.d/rekon.conf
	install -m 0644 systemd/rekon.tmpfiles $(DESTDIR)$(PREFIX)/lib/tmpfiles.d/rekon.conf
	gzip -9n -c man/rekon.8 > $(DESTDIR)$(PREFIX)/share/man/man8/rekon.8.gz
	gzip -9n -c man/rekon.conf.5 > $(DESTDIR)$(PREFIX)/share/man/man5/rekon.conf.5.gz
	chmod 0644 $(DESTDIR)$(PREFIX)/share/man/man8/rekon.8.gz $(DESTDIR)$(PREFIX)/share/man/man5/rekon.conf.5.gz
	install -m 0644 rekon.conf.example README.md $(DESTDIR)$(PREFIX)/share/doc/rekon/

uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALL_FILES))
	-rmdir $(DESTDIR)$(PREFIX)/share/doc/rekon
