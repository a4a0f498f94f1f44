# cop_alloc -- PGXS build of the extension, its tests, demo and benchmarks.

EXTENSION = cop_alloc
EXTVERSION = $(shell grep default_version $(EXTENSION).control | sed -e "s/default_version[[:space:]]*=[[:space:]]*'\([^']*\)'/\1/")

MODULE_big = cop_alloc
CORE_OBJS = src/core/util.o src/core/decimal.o src/core/apportion.o \
	src/core/bounds.o src/core/achievement.o src/core/exercise.o src/core/rows.o
OBJS = $(CORE_OBJS) src/convert.o src/errors.o src/load.o src/allocate.o \
	src/functions.o src/simulate.o src/digest.o src/record.o src/engine_lines.o
PG_CPPFLAGS = -I$(srcdir)/src
PG_CFLAGS = -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers \
	-Wno-sign-compare

# Releases.  The install script of the current version is built from
# sql/tables/*.sql (created once; later changes go into the next update)
# then sql/functions/*.sql (functions, views, triggers, rights: every
# statement re-runnable).  The update script from the previous release is
# built from sql/updates/cop_alloc--<previous>--<current>/*.sql (what changes in the
# tables, one concern a file) then the same sql/functions/*.sql.  Released scripts are frozen,
# byte for byte, as sql/cop_alloc--<version>.sql and
# sql/cop_alloc--<a>--<b>.sql; `make test` checks both paths give the same
# database (test/shell/upgrade.sh).
PREVIOUS_VERSION = 0.1.0
TABLE_PARTS = $(sort $(wildcard sql/tables/*.sql))
FUNCTION_PARTS = $(sort $(wildcard sql/functions/*.sql))
UPDATE_PARTS = $(sort $(wildcard sql/updates/$(EXTENSION)--$(PREVIOUS_VERSION)--$(EXTVERSION)/*.sql))
COP_INSTALL_SCRIPT = sql/$(EXTENSION)--$(EXTVERSION).sql
COP_UPDATE_SCRIPT = sql/$(EXTENSION)--$(PREVIOUS_VERSION)--$(EXTVERSION).sql
DATA_built = $(COP_INSTALL_SCRIPT) $(COP_UPDATE_SCRIPT)
DATA = $(filter-out $(DATA_built),$(wildcard sql/$(EXTENSION)--*.sql)) \
	$(wildcard $(EXTENSION)--*.control)

# pg_regress: every sql/<test>.sql with an expected/<test>.out
REGRESS = $(patsubst expected/%.out,%,$(sort $(wildcard expected/*.out)))
REGRESS_OPTS = --inputdir=. --dbname=cop_regress

EXTRA_CLEAN = test/core/test_core test/core/fuzz_core

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# every object is rebuilt when a header changes
$(OBJS): src/core/cop_core.h src/core/cop_internal.h src/cop_pg.h

$(COP_INSTALL_SCRIPT): $(TABLE_PARTS) $(FUNCTION_PARTS)
	cat $(TABLE_PARTS) $(FUNCTION_PARTS) > $@

$(COP_UPDATE_SCRIPT): $(UPDATE_PARTS) $(FUNCTION_PARTS)
	cat $(UPDATE_PARTS) $(FUNCTION_PARTS) > $@

# ---- the pure C core on its own: unit tests under sanitizers ----
CORE_SRC = $(CORE_OBJS:.o=.c)
CORE_CFLAGS = -std=gnu11 -g -O1 -Wall -Wextra -Werror -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=all

test/core/test_core: test/core/test_core.c test/core/tap.h $(CORE_SRC) src/core/cop_core.h src/core/cop_internal.h
	$(CC) $(CORE_CFLAGS) -o $@ test/core/test_core.c $(CORE_SRC)

.PHONY: core-test test demo bench deps annex explore
core-test: test/core/test_core
	./test/core/test_core

deps:
	sh scripts/install-deps.sh

# the README's two commands
test:
	sh test/run.sh

demo:
	sh demo/run.sh

bench:
	sh bench/run.sh

# the annex to the deliberation of YEAR, HTML and PDF, in annex/
YEAR ?= 2025
annex:
	sh scripts/annex.sh $(YEAR)

# psql on a throw-away cluster with the demo loaded
explore:
	sh demo/explore.sh

# ---- the core under libFuzzer: `make fuzz` (FUZZ_RUNS iterations) ----
FUZZ_RUNS ?= 300000
test/core/fuzz_core: test/core/fuzz_core.c $(CORE_SRC) src/core/cop_core.h src/core/cop_internal.h
	clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -o $@ test/core/fuzz_core.c $(CORE_SRC)

.PHONY: fuzz
fuzz: test/core/fuzz_core
	./test/core/fuzz_core -runs=$(FUZZ_RUNS) -seed=1 -max_len=2048
