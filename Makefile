# sslprov: short commands.  The build itself is CMake (build/).
#   make            build the library, CLI, tests and benchmarks
#   make check      build and run every test (ctest)
#   make demo       the README's demonstration
#   make bench      run the benchmarks (prints ratios against peers)
#   make install    PREFIX=/usr/local DESTDIR= (honours both)
#   make format     clang-format the tree

PREFIX ?= /usr/local
DESTDIR ?=
BUILD ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=

.PHONY: all build check demo bench install uninstall format format-check clean deps

all: build

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_INSTALL_PREFIX=$(PREFIX) $(CMAKE_FLAGS)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

check: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The live handshake (issue #6), then the published key-block check (issue #2).
demo:
	@$(MAKE) --no-print-directory build >/dev/null
	@bash tools/demo_live.sh $(BUILD)
	@echo
	@bash tools/demo.sh $(BUILD)

bench: build
	@for b in $(BUILD)/bench/bench_*; do [ -x "$$b" ] && "$$b"; done

# PREFIX is applied at install time (cmake --install --prefix), so it works on an
# existing build tree; a relative DESTDIR is taken from the top directory.
install: build
	DESTDIR="$(if $(DESTDIR),$(abspath $(DESTDIR)))" cmake --install $(BUILD) --prefix "$(PREFIX)"

uninstall:
	@[ -f $(BUILD)/install_manifest.txt ] && xargs -r -d '\n' rm -f < $(BUILD)/install_manifest.txt || true

format:
	clang-format -i include/*.h src/*.c src/*.h tests/*.c tests/*.h tools/*.c tools/*.h bench/*.c 2>/dev/null || true

format-check:
	clang-format --dry-run --Werror include/*.h src/*.c src/*.h

clean:
	rm -rf $(BUILD) build-*

# Build dependencies on a fresh Debian machine (no-op when present).
deps:
	@bash tools/install-deps.sh
