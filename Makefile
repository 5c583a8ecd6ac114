# essdocs: XML application records -> the PDF documents of a call for projects.
#
#   make            build bin/essdocs
#   make run        install missing packages, build, write the sample documents into output/
#   make test       install missing packages, build, run the suite, then again under ASan+UBSan
#   make bench      build synthetic rounds and print throughput figures
#   make install    PREFIX=/usr/local DESTDIR=
#   make valgrind   the sample round (check, run) and the reader tests under valgrind
#   make fuzz       libFuzzer targets of tests/fuzz/, FUZZ_SECONDS each (needs clang)

PREFIX	?= /usr/local
DESTDIR	?=
BINDIR	 = $(PREFIX)/bin
DATADIR	 = $(PREFIX)/share/essdocs
MANDIR	 = $(PREFIX)/share/man

CC	?= cc
CFLAGS	?= -O2 -g
WARN	 = -std=c11 -Wall -Wextra -Werror
PKGS	 = libxml-2.0 harfbuzz harfbuzz-subset nettle gmime-3.0 zlib
# Deferred (=) so that a fresh machine can install the packages first.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# GMime (`mail`) and libxlsxwriter (report.xlsx) are not linked: they are
# loaded when first used (src/lazy.h); GLib is, for HarfBuzz and mail.c.
# --as-needed: no library loaded at start that nothing calls.
LINK_PKGS  = libxml-2.0 harfbuzz harfbuzz-subset nettle glib-2.0 zlib
PKG_LIBS   = -Wl,--as-needed $(shell pkg-config --libs $(LINK_PKGS) 2>/dev/null) -lhpdf -lhyphen -lunistring -lm
DEFS	 = -D_POSIX_C_SOURCE=200809L -DESSDOCS_DATADIR='"$(DATADIR)"'
# assert() checks internal invariants in every build, the optimised one
# too: NDEBUG is never defined (DEFS come after CFLAGS).
DEFS	+= -UNDEBUG

# Messages: po/LANG.po compiled into BUILD/locale/LANG/LC_MESSAGES/essdocs.mo,
# found there by bin/essdocs and in PREFIX/share/locale once installed.
LOCALEDIR = $(PREFIX)/share/locale
DEFS	+= -DESSDOCS_LOCALEDIR='"$(LOCALEDIR)"'
POS	 = $(wildcard po/*.po)
MOS	 = $(POS:po/%.po=$(BUILD)/locale/%/LC_MESSAGES/essdocs.mo)
# The message functions translate their own format (src/i18n.h): xgettext
# finds their messages by these keywords, and the call sites stay unmarked.
XGETTEXT_OPTS = --from-code=UTF-8 --language=C --add-comments=TRANSLATORS: \
	-k_ -kN_ -kngettext:1,2 \
	-kdiag_msg:8 --flag=diag_msg:8:c-format \
	-kreader_error:3 --flag=reader_error:3:c-format \
	-kround_fail:4 --flag=round_fail:4:c-format \
	-kround_app_error:4 --flag=round_app_error:4:c-format \
	-kusage_error:1 --flag=usage_error:1:c-format \
	-kperr:3 --flag=perr:3:c-format \
	-kimport_error:4 --flag=import_error:4:c-format

# BUILD is the object directory; SAN adds sanitizer flags (make test sets both).
BUILD	?= build
SAN	?=
ALLCFLAGS = $(WARN) $(CFLAGS) $(SAN) $(DEFS) $(PKG_CFLAGS) -Isrc -MMD -MP
ALLLDFLAGS = $(LDFLAGS) $(SAN)

SRCS	 = $(filter-out src/main.c,$(wildcard src/*.c))
OBJS	 = $(SRCS:src/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/schemas.o
SCHEMAS	 = input/call.xsd input/round.xsd
TESTSRCS = $(wildcard tests/unit/test_*.c)
TESTBINS = $(TESTSRCS:tests/unit/%.c=$(BUILD)/tests/%)
BIN	 = $(if $(filter build,$(BUILD)),bin/essdocs,$(BUILD)/essdocs)
# The fault-injection shim that tests/e2e/faults.sh preloads.
INJECT	 = $(BUILD)/tests/inject.so

.PHONY: all deps run test check check-asan bench install uninstall clean pot
.SECONDARY:

all: $(BIN) $(MOS)

$(BUILD)/locale/%/LC_MESSAGES/essdocs.mo: po/%.po
	@mkdir -p $(@D)
	msgfmt --check -o $@ $<

# po/essdocs.pot: the messages of src/, for translators (make pot, then
# msgmerge --update po/fr.po po/essdocs.pot).  tests/e2e/i18n.sh checks
# that po/fr.po translates every one of them.
POT ?= po/essdocs.pot
pot:
	xgettext $(XGETTEXT_OPTS) --package-name=essdocs -o $(POT) src/*.c

deps:
	@./.ci/install-deps

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) -c -o $@ $<

# The schemas are compiled in, so that validation never depends on where
# the data files were installed.
$(BUILD)/gen/schemas.c: $(SCHEMAS) .ci/embed
	@mkdir -p $(@D)
	.ci/embed input/call.xsd schema_call input/round.xsd schema_round > $@

$(BUILD)/obj/gen/schemas.o: $(BUILD)/gen/schemas.c
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) -c -o $@ $<

$(BUILD)/obj/tests/%.o: tests/unit/%.c
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) -Itests -c -o $@ $<

# tests/tlib.c: the helpers every unit test shares (tests/t.h).
TLIB	 = $(BUILD)/obj/tests/tlib.o
$(TLIB): tests/tlib.c
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) -Itests -c -o $@ tests/tlib.c

$(BUILD)/libessdocs.a: $(OBJS)
	@rm -f $@
	ar rcs $@ $(OBJS)

$(BIN): $(BUILD)/obj/main.o $(BUILD)/libessdocs.a
	@mkdir -p $(@D)
	$(CC) $(ALLLDFLAGS) -o $@ $(BUILD)/obj/main.o $(BUILD)/libessdocs.a $(PKG_LIBS)

$(BUILD)/tests/%: $(BUILD)/obj/tests/%.o $(TLIB) $(BUILD)/libessdocs.a
	@mkdir -p $(@D)
	$(CC) $(ALLLDFLAGS) -o $@ $< $(TLIB) $(BUILD)/libessdocs.a $(PKG_LIBS)

$(INJECT): tests/faults/inject.c
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) -fPIC -shared -o $@ tests/faults/inject.c -ldl

run: deps
	$(MAKE) all
	bin/essdocs leaflet input/call-ess-2018-2020.xml -o output/leaflet-ess-2018-2020.pdf
	bin/essdocs leaflet input/call-ess-2018-2020.xml -o output/leaflet-ess-2018-2020-screen.pdf --screen
	bin/essdocs run input/round-2019-1.xml -o output; s=$$?; \
	    echo "essdocs run: exit status $$s (1 = some records had errors, by design of the sample)"; \
	    [ $$s -le 1 ]

# The suite, once with the optimised build and once under the sanitizers.
test: deps
	$(MAKE) check
	$(MAKE) check-asan

check: $(BIN) $(MOS) $(TESTBINS) $(INJECT)
	tests/run.sh $(BUILD) $(BIN)

# tests/lsan.supp says which leak is not ours, and why.
check-asan:
	LSAN_OPTIONS=print_suppressions=0:suppressions=$(CURDIR)/tests/lsan.supp $(MAKE) BUILD=build-asan CFLAGS='-O1 -g -fno-omit-frame-pointer' \
	    SAN='-fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all' check

# bench/run.sh times commands with $(BUILD)/maxrss: wall time, and peak
# resident memory from wait4().
bench: deps
	$(MAKE) all $(BUILD)/maxrss
	bench/run.sh

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/templates \
	    $(DESTDIR)$(DATADIR)/fonts $(DESTDIR)$(DATADIR)/input $(DESTDIR)$(MANDIR)/man1
	install -m 755 bin/essdocs $(DESTDIR)$(BINDIR)/essdocs
	install -m 644 templates/* $(DESTDIR)$(DATADIR)/templates/
	install -m 644 fonts/* $(DESTDIR)$(DATADIR)/fonts/
	install -m 644 input/*.xsd input/call-*.xml input/issuer-logo-* $(DESTDIR)$(DATADIR)/input/
	install -m 644 docs/essdocs.1 $(DESTDIR)$(MANDIR)/man1/essdocs.1
	for m in $(MOS); do l=$${m#$(BUILD)/locale/}; l=$${l%%/*}; \
	    install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
	    install -m 644 $$m $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/essdocs.mo \
	    || exit 1; done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/essdocs $(DESTDIR)$(MANDIR)/man1/essdocs.1
	rm -rf $(DESTDIR)$(DATADIR)
	rm -f $(DESTDIR)$(LOCALEDIR)/*/LC_MESSAGES/essdocs.mo

clean:
	rm -rf build build-asan build-fuzz build-vg bin

# Benchmarks, fuzzing, valgrind.
$(BUILD)/maxrss: bench/maxrss.c
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) -D_DEFAULT_SOURCE -o $@ bench/maxrss.c

# Fuzz targets: tests/fuzz/fuzz_NAME.c.  Each is also built as a plain
# program replaying its seed corpus (tests/fuzz/corpus/NAME/), which
# `make check` runs.
FUZZ_SECONDS ?= 60
FUZZ_NAMES = fuzz_call fuzz_round fuzz_tmpl
REPLAYS	 = $(FUZZ_NAMES:fuzz_%=$(BUILD)/tests/test_replay_%)

.PHONY: fuzz fuzz-build valgrind

check: $(REPLAYS)

$(BUILD)/obj/replay/%.o: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) -DFUZZ_REPLAY -DFUZZ_CORPUS='"tests/fuzz/corpus/$*"' -c -o $@ $<

.PRECIOUS: $(BUILD)/obj/replay/%.o
$(BUILD)/tests/test_replay_%: $(BUILD)/obj/replay/%.o $(BUILD)/libessdocs.a
	@mkdir -p $(@D)
	$(CC) $(ALLLDFLAGS) -o $@ $< $(BUILD)/libessdocs.a $(PKG_LIBS)

fuzz:
	@./.ci/install-deps --fuzz
	$(MAKE) BUILD=build-fuzz CC=clang CFLAGS='-O1 -g -fno-omit-frame-pointer' \
	    SAN='-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all' \
	    fuzz-build
	@for t in $(FUZZ_NAMES); do \
	    c=$${t#fuzz_}; mkdir -p build-fuzz/corpus/$$c build-fuzz/crashes; \
	    echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
	    d=tests/fuzz/xml.dict; m=65536; \
	    if [ -f tests/fuzz/$$c.dict ]; then d=tests/fuzz/$$c.dict; fi; \
	    if [ $$c = tmpl ]; then m=16384; fi; \
	    LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	    build-fuzz/fuzz/$$t -max_len=$$m -dict=$$d -timeout=2 \
	        -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	        -artifact_prefix=build-fuzz/crashes/ \
	        build-fuzz/corpus/$$c tests/fuzz/corpus/$$c || exit 1; \
	done

fuzz-build: $(FUZZ_NAMES:%=$(BUILD)/fuzz/%)

$(BUILD)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(BUILD)/libessdocs.a
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=all $(DEFS) $(PKG_CFLAGS) -Isrc -o $@ $< \
	    $(BUILD)/libessdocs.a $(PKG_LIBS)

# valgrind exits 99 on an error, so that essdocs's own status 1 (some
# records in error, as in the sample round) stays distinct.
# tests/valgrind.supp: libhyphen's own leak at load, nothing else.
VALGRIND = valgrind -q --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=definite,indirect \
	    --suppressions=tests/valgrind.supp
VG_TESTS = test_call test_call_hostile $(REPLAYS:$(BUILD)/tests/%=%)

valgrind:
	@./.ci/install-deps --all
	$(MAKE) BUILD=build-vg CFLAGS='-O0 -g' $(VG_TESTS:%=build-vg/tests/%)
	@set -e; for t in $(VG_TESTS); do \
	    echo "valgrind: $$t"; \
	    ESSDOCS_TEST_TIME_SCALE=30 $(VALGRIND) build-vg/tests/$$t; done
	$(MAKE) BUILD=build-vg CFLAGS='-O0 -g' build-vg/essdocs
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	for cmd in "check input/round-2019-1.xml" \
	    "run input/round-2019-1.xml -o $$tmp"; do \
	    echo "valgrind: essdocs $$cmd"; \
	    s=0; $(VALGRIND) build-vg/essdocs $$cmd >/dev/null || s=$$?; \
	    if [ $$s -gt 1 ]; then echo "valgrind: essdocs $$cmd: exit $$s" >&2; exit 1; fi; \
	done

-include $(wildcard $(BUILD)/obj/*.d $(BUILD)/obj/tests/*.d $(BUILD)/obj/replay/*.d)
