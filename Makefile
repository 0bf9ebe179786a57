# rekon — build, test, demo.  See README.md.
#
#   make          build/rekon
#   make test     unit tests (Check) and integration tests on a throwaway PostgreSQL
#   make demo     the whole month on the embedded PostgreSQL
#   make deps     install the Debian packages rekon needs (apt-get; sudo when not root)
#   make bench    timings (never part of make test)

CC      ?= cc
PKGS    := libpq libcurl libsystemd inih libcrypto jansson xlsxwriter
# Debian packages: build and run dependencies, plus what the tests use.
DEB_PKGS := build-essential pkg-config libpq-dev libcsv-dev libxlsxwriter-dev \
	libcurl4-openssl-dev libsystemd-dev libinih-dev libssl-dev libjansson-dev \
	check postgresql postgresql-contrib python3 python3-openpyxl time

BUILD   := build
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Idaemon -Ijobs -Ireports
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
LDLIBS  += $(PKG_LIBS) -lcsv -lm

SRC     := $(wildcard daemon/*.c jobs/*.c reports/*.c)
OBJ     := $(SRC:%.c=$(BUILD)/%.o) $(BUILD)/sql_embed.o
LIBOBJ  := $(filter-out $(BUILD)/daemon/main.o,$(OBJ))
SQL     := $(sort $(wildcard sql/*.sql))
RULES   := $(sort $(wildcard sql/rules/*.sql))
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all deps test unit integration demo bench clean install

all: $(BUILD)/rekon

# The stamp makes every build check (once) that the Debian packages are here.
$(BUILD)/.deps: Makefile
	@mkdir -p $(BUILD)
	@missing=""; for p in $(DEB_PKGS); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "rekon: installing Debian packages:$$missing"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null || exit 1; \
	fi
	@touch $@

deps: $(BUILD)/.deps

$(BUILD)/%.o: %.c $(BUILD)/.deps $(wildcard daemon/*.h jobs/*.h reports/*.h)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

# sql/*.sql are compiled into the binary, so it always carries the schema it needs.
$(BUILD)/sql_embed.c: $(SQL) $(RULES) sql/embed.sh
	@mkdir -p $(BUILD)
	@sh sql/embed.sh $(SQL) -- $(RULES) > $@

$(BUILD)/sql_embed.o: $(BUILD)/sql_embed.c
	@$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/rekon: $(OBJ)
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) -o $@ $(OBJ) $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIBOBJ)
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@$(CC) $(CFLAGS) $(PKG_CFLAGS) $$(pkg-config --cflags check) -o $@ $< $(LIBOBJ) $(LDLIBS) $$(pkg-config --libs check)

unit: $(UNIT_BIN)
	@sh tests/run_unit.sh $(UNIT_BIN)

integration: $(BUILD)/rekon
	@sh tests/run_integration.sh

test: $(BUILD)/rekon $(UNIT_BIN)
	@sh tests/run_all.sh $(UNIT_BIN)

demo: $(BUILD)/rekon
	@sh tests/demo.sh

bench: $(BUILD)/rekon
	@sh tests/bench.sh

clean:
	rm -rf $(BUILD)
