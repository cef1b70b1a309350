# accord - a compliance checker for AI-safety standards.
#   make            build build/accord
#   make check      install missing packages, run every test (plain, under
#                   ASan+UBSan and unoptimised, comparing the three builds'
#                   outputs byte for byte); ends with "N passed, N failed"
#   make demo       install missing packages, run accord on the bundled example
#   make asan       build build-asan/accord with the sanitizers
#   make install    install to $(PREFIX) (default /usr/local)
#   make clean

PREFIX  ?= /usr/local
STDDIR  ?= $(PREFIX)/share/accord/standards
VERSION := 0.1.0

CC      ?= cc
XML_CFLAGS := $(shell pkg-config --cflags libxml-2.0 libxslt 2>/dev/null || pkg-config --cflags libxml-2.0 2>/dev/null)
XML_LIBS   := $(shell pkg-config --libs libxml-2.0 libxslt 2>/dev/null || echo -lxslt -lxml2)
WARN    = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CFLAGS  ?= -O2 -g
# -ffp-contract=off: no multiply-add fused into one rounding, whatever the
# machine or compiler default, so that every number is the same bits
# everywhere (v1.1 §1; checker/numeric.h)
ALL_CFLAGS = -std=c11 -ffp-contract=off $(WARN) $(CFLAGS) $(XML_CFLAGS) -Ichecker -I$(B) \
             -DACCORD_VERSION='"$(VERSION)"' -DACCORD_STDDIR='"$(STDDIR)"' -MMD -MP
LDLIBS  = $(XML_LIBS) -lyajl -lzip -lcrypto -lm -pthread

B       ?= build
SRCS    = arena source utf8 results calendar numeric stats regex ast map parse load types typecheck_names typecheck_expr typecheck lint evidence read_xml read_json read_csv read_eval extract_xml prefetch value plan files bind index agg eval drive waivers check run verify summarize compare diff doc keys envelope sign report_common report_xml report_text report_junit report_html report_json report_sarif report_oscal emit format output main
OBJS    = $(B)/parser.o $(B)/lexer.o $(B)/report_xsl.o $(SRCS:%=$(B)/%.o)
LIBOBJS = $(filter-out $(B)/main.o,$(OBJS))
FUZZ    = front xml json jsonl csv eval check stream synthetic plan matches verify
UNITS   = $(patsubst tests/unit/%.c,$(B)/unit/%,$(wildcard tests/unit/*.c)) \
          $(B)/tools/astdump $(B)/tools/evdump $(FUZZ:%=$(B)/fuzz/replay-%)

all: $(B)/accord

$(B)/accord: $(OBJS)
	$(CC) $(ALL_CFLAGS) -o $@ $(OBJS) $(LDFLAGS) $(LDLIBS)

$(B)/parser.c $(B)/parser.h &: grammar/parser.y | $(B)
	bison -Wall -Werror -o $(B)/parser.c --header=$(B)/parser.h $<

$(B)/lexer.c $(B)/lexer.h &: grammar/lexer.l | $(B)
	flex --outfile=$(B)/lexer.c --header-file=$(B)/lexer.h $<

# The HTML stylesheet, embedded so that the binary needs no file at run time.
$(B)/report_xsl.c: reports/report.xsl | $(B)
	{ echo '/* generated from reports/report.xsl */'; \
	  echo 'const char report_xsl[] = {'; \
	  od -An -v -tx1 $< | sed 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	  echo '0};'; \
	  echo 'const unsigned long report_xsl_len = sizeof report_xsl - 1;'; } > $@

# The scanner includes the parser's header and the parser the scanner's.
$(B)/lexer.o: $(B)/lexer.c $(B)/parser.h
$(B)/parser.o: $(B)/parser.c $(B)/lexer.h
$(B)/parse.o: $(B)/parser.h $(B)/lexer.h

$(B)/%.o: $(B)/%.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/%.o: checker/%.c | $(B)/parser.h
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/unit/%: tests/unit/%.c $(LIBOBJS) | $(B)/unit
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIBOBJS) $(LDFLAGS) $(LDLIBS)

$(B)/tools/%: tests/tools/%.c $(LIBOBJS) | $(B)/tools
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIBOBJS) $(LDFLAGS) $(LDLIBS)

# Fuzz targets: linked with a replay driver (gcc, for make check), or with
# libFuzzer (clang, for make fuzz; see tests/fuzz/run).
$(B)/fuzz/%.o: tests/fuzz/%.c | $(B)/fuzz $(B)/parser.h
	$(CC) $(ALL_CFLAGS) -Itests/fuzz -c -o $@ $<

$(B)/fuzz/replay-%: $(B)/fuzz/fuzz_%.o $(B)/fuzz/scratch.o $(B)/fuzz/replay.o $(LIBOBJS)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDFLAGS) $(LDLIBS)

$(B)/fuzz/fuzz-%: $(B)/fuzz/fuzz_%.o $(B)/fuzz/scratch.o $(LIBOBJS)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -o $@ $^ $(LDFLAGS) $(LDLIBS)

$(B) $(B)/unit $(B)/tools $(B)/fuzz:
	mkdir -p $@

units: $(UNITS)

deps:
	@./scripts/install-deps

# The three builds compile side by side, as many jobs as the machine has
# cores; tests/run then runs its parts side by side too.
JOBS   := $(shell nproc 2>/dev/null || echo 2)
ASAN_CFLAGS = -O1 -g -fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all -fno-omit-frame-pointer

check:
	@./scripts/install-deps --tests
	@$(MAKE) --no-print-directory -j$(JOBS) all units asan-build O0-build
	@tests/run build build-asan build-O0

# make check-quick: the plain build's tests only (no sanitizers, no -O0,
# no valgrind), for the edit-compile-test loop; not a substitute for check
check-quick:
	@./scripts/install-deps --tests
	@$(MAKE) --no-print-directory -j$(JOBS) all units
	@NO_VALGRIND=1 tests/run build

asan: asan-build
asan-build:
	@$(MAKE) --no-print-directory B=build-asan CFLAGS='$(ASAN_CFLAGS)' all units
O0-build:
	@$(MAKE) --no-print-directory B=build-O0 CFLAGS='-O0 -g' all units

# make fuzz [FUZZ_TIME=seconds per target] [FUZZ_TARGETS="xml json ..."]
FUZZ_TIME    ?= 60
FUZZ_TARGETS ?= $(FUZZ)
FUZZ_CFLAGS   = -O1 -g -fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=all -fno-omit-frame-pointer
fuzz:
	@./scripts/install-deps --fuzz
	@$(MAKE) --no-print-directory B=build-fuzz CC=clang CFLAGS='$(FUZZ_CFLAGS)' \
	    $(FUZZ_TARGETS:%=build-fuzz/fuzz/fuzz-%)
	@tests/fuzz/run $(FUZZ_TIME) $(FUZZ_TARGETS)

# make coverage: the suite on a build with gcov counters, then line and
# branch coverage of checker/ and grammar/ (HTML in build-cov/html).
coverage:
	@./scripts/install-deps --coverage
	@rm -rf build-cov
	@$(MAKE) --no-print-directory B=build-cov CFLAGS='-O0 -g --coverage' all units
	@NO_VALGRIND=1 tests/run build-cov | grep -E "^FAIL|passed"
	@lcov --quiet --capture --rc lcov_branch_coverage=1 --directory build-cov \
	    --base-directory . --output-file build-cov/all.info 2>/dev/null
	@lcov --quiet --rc lcov_branch_coverage=1 --extract build-cov/all.info \
	    '$(CURDIR)/checker/*' '$(CURDIR)/grammar/*' -o build-cov/accord.info
	@genhtml --quiet --rc lcov_branch_coverage=1 --output-directory build-cov/html build-cov/accord.info >/dev/null
	@for d in checker grammar; do \
	    lcov --quiet --rc lcov_branch_coverage=1 --extract build-cov/accord.info "$(CURDIR)/$$d/*" \
	        -o build-cov/$$d.info; \
	    printf '%s/:' $$d; lcov --rc lcov_branch_coverage=1 --summary build-cov/$$d.info 2>&1 \
	        | awk '/lines|branches/ {sub(/^ */, ""); printf "  %s", $$0}'; echo; \
	done

demo: deps
	@$(MAKE) --no-print-directory all
	@./examples/demo build/accord

install: $(B)/accord
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/accord/standards \
	    $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/bash-completion/completions \
	    $(DESTDIR)$(PREFIX)/share/zsh/site-functions
	install -m 755 $(B)/accord $(DESTDIR)$(PREFIX)/bin/accord
	for f in standards/*.accord; do [ ! -e "$$f" ] || install -m 644 "$$f" $(DESTDIR)$(PREFIX)/share/accord/standards/; done
	# the example submissions the installed standards' tests read (../examples/...)
	cp -R examples $(DESTDIR)$(PREFIX)/share/accord/
	install -m 644 docs/man/accord.1 $(DESTDIR)$(PREFIX)/share/man/man1/accord.1
	install -m 644 scripts/completion/accord.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/accord
	install -m 644 scripts/completion/_accord $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_accord

# The library's standards as documents for people (accord doc), under
# docs/standards: a .md and a self-contained .html for each standard (the
# *-core libraries have no header, and are documented by what imports them).
docs: all
	@mkdir -p docs/standards
	@for f in standards/*.accord; do \
	    case $$f in *-core.accord) continue ;; esac; \
	    n=$$(basename $$f .accord); \
	    $(B)/accord doc $$f -f markdown -o docs/standards/$$n.md && \
	    $(B)/accord doc $$f -f html -o docs/standards/$$n.html || exit 1; \
	done; echo "docs/standards: written"

clean:
	rm -rf build build-asan build-O0 build-fuzz build-cov

.PHONY: all units deps check check-quick asan asan-build O0-build demo install clean fuzz coverage docs
.SECONDARY:

-include $(wildcard $(B)/*.d $(B)/unit/*.d $(B)/tools/*.d $(B)/fuzz/*.d)
