# SPDX-License-Identifier: MIT
# Copyright (c) 2025-2026 the sslprov authors
# sslprov: short commands.  The build itself is CMake (build/).
#   make            build the library, CLI, tests, examples and benchmarks
#   make check      build and run every test (ctest); as root it first installs
#                   missing test peers (tools/install-deps.sh --test), otherwise
#                   tests needing a missing tool print one SKIP line
#   make demo       the README's demonstration (as root: installs what it needs)
#   make bench      run the benchmarks (prints ratios against peers)
#   make bench-plots  the charts of BENCHMARKS.md (docs/bench/*.png, gnuplot)
#   make install    PREFIX=/usr/local DESTDIR= (honours both)
#   make uninstall  removes what make install installed, and the directories it created
#   make deps       as root: install build and test dependencies (Debian)
# Nothing but `make deps`, `make check` and `make demo` run as root ever installs
# packages; everything builds as a normal user with a C compiler, CMake,
# pkg-config and libssl-dev.
#   make format     clang-format the tree
#   make check-asan      whole suite under ASan+UBSan (build-asan/)
#   make check-valgrind  whole suite under valgrind memcheck (build/, quick mode)
#   make check-tsan      stress + provider tests under ThreadSanitizer (build-tsan/, clang)
#   make fuzz            every fuzz/fuzz_*.c target for FUZZ_SECONDS each (build-fuzz/, clang libFuzzer)
#   make fuzz-corpus     regenerate the seed corpora in fuzz/corpus/ with the provider itself
#   make ctgrind         constant-time validation under valgrind (build-ctgrind/)

SHELL := /bin/bash
PREFIX ?= /usr/local
DESTDIR ?=
BUILD ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=
# The developer build: tests, examples, benchmarks and fuzz replay targets.
# (A plain `cmake` builds only the library, the CLI and the man pages.)
DEV_FLAGS = -DSSLPROV_BUILD_TESTS=ON -DSSLPROV_BUILD_BENCH=ON -DSSLPROV_BUILD_FUZZ=ON
IS_ROOT := $(shell [ "$$(id -u)" = 0 ] && echo yes)

.PHONY: all build check demo bench bench-plots install uninstall format format-check clean deps test-deps

all: build

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_INSTALL_PREFIX=$(PREFIX) $(DEV_FLAGS) $(CMAKE_FLAGS)

build: $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

# Test peers (GnuTLS, NSS, tshark, valgrind, mandoc, ...) are installed only
# when running as root; a normal user gets SKIP lines instead.
test-deps:
	@if [ "$(IS_ROOT)" = yes ]; then bash tools/install-deps.sh --test; fi

check: test-deps
	@$(MAKE) --no-print-directory build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The live handshake (issue #6), then the published key-block check (issue #2).
demo:
	@if [ "$(IS_ROOT)" = yes ]; then bash tools/install-deps.sh --demo; fi
	@$(MAKE) --no-print-directory build >/dev/null
	@bash tools/demo_live.sh $(BUILD)
	@echo
	@bash tools/demo.sh $(BUILD)

bench: build
	@for b in $(BUILD)/bench/bench_*; do [ -x "$$b" ] && "$$b"; done
	@bash bench/bench_server.sh $(BUILD)
	@bash bench/bench_idle.sh $(BUILD)

# The charts of BENCHMARKS.md (docs/bench/*.png), from the benchmarks' output
# (needs gnuplot: Debian gnuplot-nox).  Takes several minutes.
bench-plots: build
	bash bench/plots.sh $(BUILD) docs/bench

# PREFIX is given to CMake before installing, whatever the build tree was
# configured with, so GNUInstallDirs picks the directories for this prefix (the
# multiarch libdir on Debian for /usr); a relative DESTDIR is taken from the top
# directory.  The manifest of directories created is kept for `make uninstall`.
INSTALL_DEST = $(if $(DESTDIR),$(abspath $(DESTDIR)))
install: $(BUILD)/CMakeCache.txt
	cmake -S . -B $(BUILD) -DCMAKE_INSTALL_PREFIX=$(PREFIX) >/dev/null
	cmake --build $(BUILD) -j $(JOBS)
	@bash tools/install-dirs.sh before "$(BUILD)" "$(INSTALL_DEST)"
	DESTDIR="$(INSTALL_DEST)" cmake --install $(BUILD) --prefix "$(PREFIX)"
	@bash tools/install-dirs.sh after "$(BUILD)" "$(INSTALL_DEST)"

# Removes the installed files, then the directories make install created (if
# they are empty).
uninstall:
	@bash tools/install-dirs.sh uninstall "$(BUILD)" "$(INSTALL_DEST)"

FORMAT_FILES = include/*.h src/*.c src/*.h tests/*.c tests/*.h tools/*.c tools/*.h tools/tls/*.c tools/tls/*.h \
	bench/*.c fuzz/*.c fuzz/*.h $(wildcard tests/peers/*.c tests/peers/*.h examples/*.c tests/windows/*.c tests/windows/*.h)

format:
	clang-format -i $(FORMAT_FILES)

# .clang-format is enforced: CI fails on any file that is not formatted.
format-check:
	clang-format --dry-run --Werror $(FORMAT_FILES)

clean:
	rm -rf $(BUILD) build-*

# Build and test dependencies on a fresh Debian machine (root; no-op when present).
deps:
	@bash tools/install-deps.sh --test

# ---------------------------------------------------------------------------
# Hardening (issue #7): sanitizers, valgrind, fuzzing, constant-time checks.
# ---------------------------------------------------------------------------
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= $(basename $(notdir $(wildcard fuzz/fuzz_*.c)))
CLANG ?= clang
VALGRIND ?= valgrind
# Errors and definite leaks fail a test (exit 99); reachable memory (libcrypto's
# process-wide tables) does not.
VALGRIND_FLAGS ?= --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
	--show-leak-kinds=definite --num-callers=30 --suppressions=$(CURDIR)/tests/valgrind.supp
SAN_ENV = ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1:check_initialization_order=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# clang 14's TSan runtime cannot map its shadow with a high mmap ASLR entropy:
# run without address randomisation (setarch -R) when available.
NO_ASLR = $(shell setarch $$(uname -m) -R true 2>/dev/null && echo "setarch $$(uname -m) -R")

.PHONY: check-asan check-valgrind check-tsan fuzz fuzz-build fuzz-corpus ctgrind

check-asan: test-deps
	cmake -S . -B build-asan -DSSLPROV_SANITIZE=ON $(DEV_FLAGS) $(CMAKE_FLAGS)
	cmake --build build-asan -j $(JOBS)
	cd build-asan && $(SAN_ENV) ctest --output-on-failure -j $(JOBS)

# Tests labelled no-memcheck (shell tests that spawn processes, the ctgrind test
# that runs valgrind itself) are excluded; SSLPROV_TEST_QUICK=1 cuts random
# iterations tenfold (t_iterations in tests/testutil.c).
check-valgrind: build
	cd $(BUILD) && SSLPROV_TEST_QUICK=1 ctest -T memcheck -LE no-memcheck -j $(JOBS) --output-on-failure \
	  --overwrite MemoryCheckCommand=$$(command -v $(VALGRIND)) \
	  --overwrite 'MemoryCheckCommandOptions=$(VALGRIND_FLAGS)' \
	  || { for f in Testing/Temporary/MemoryChecker.*.log; do [ -s "$$f" ] && { echo "== $$f"; cat "$$f"; }; done; exit 1; }

check-tsan: test-deps
	cmake -S . -B build-tsan -DCMAKE_C_COMPILER=$(CLANG) -DSSLPROV_TSAN=ON $(DEV_FLAGS) $(CMAKE_FLAGS)
	cmake --build build-tsan -j $(JOBS) --target test_stress test_provider test_handles_stress test_record
	cd build-tsan && TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$(CURDIR)/tests/tsan.supp" \
	  $(NO_ASLR) ctest --output-on-failure -R '^(test_stress|test_provider|test_handles_stress|test_record)$$'

# libFuzzer build: the library is instrumented (fuzzer-no-link) with ASan+UBSan
# and the deterministic randomness of -DSSLPROV_FUZZING=ON.
fuzz-build: test-deps
	cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=$(CLANG) -DSSLPROV_FUZZING=ON -DSSLPROV_LIBFUZZER=ON \
	  -DBUILD_TESTING=OFF -DSSLPROV_WERROR=ON \
	  '-DCMAKE_C_FLAGS=-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer'
	cmake --build build-fuzz -j $(JOBS) --target fuzzers

fuzz: fuzz-build
	@set -e; for t in $(FUZZ_TARGETS); do \
	  mkdir -p build-fuzz/corpus/$$t; \
	  echo "== $$t ($(FUZZ_SECONDS) s)"; \
	  build-fuzz/fuzz/$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 -rss_limit_mb=1024 \
	    -artifact_prefix=build-fuzz/$$t- build-fuzz/corpus/$$t fuzz/corpus/$$t 2>&1 \
	    | grep -E 'stat::number_of_executed_units|stat::new_units_added|ERROR|SUMMARY|Done' ; \
	  test $${PIPESTATUS[0]} -eq 0; \
	done

# Seeds are made by the provider itself (fuzz/gen_corpus.c); deterministic.
fuzz-corpus: build
	$(BUILD)/fuzz/fuzz_gen_corpus fuzz/corpus
	$(BUILD)/fuzz/fuzz_gen_hs_corpus fuzz/corpus

ctgrind: test-deps
	cmake -S . -B build-ctgrind -DSSLPROV_CTGRIND=ON $(DEV_FLAGS) $(CMAKE_FLAGS)
	cmake --build build-ctgrind -j $(JOBS) --target test_consttime
	cd build-ctgrind && ctest --output-on-failure -R '^test_consttime$$'
