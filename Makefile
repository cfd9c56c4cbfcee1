# The commands a person runs. `make demo` and `make test` install what is missing first.
#   make demo    build, initialise a demo data folder, show what works
#   make test    sanitizer build, style check, every test through ctest
#   make bench   optimised build, benchmarks (see docs/PERFORMANCE.md)
#   make fuzz    libFuzzer targets for FUZZ_SECONDS each (default 30)
#   make fmt     reformat the sources; make fmt-check only checks
MAKEFLAGS += --no-print-directory
JOBS ?= $(shell nproc)
FUZZ_SECONDS ?= 30
CMAKE_FLAGS ?=

SOURCES = $(shell find src tests fuzz bench -name '*.[ch]' 2>/dev/null)

.PHONY: all build demo test bench fuzz fmt fmt-check clean deps-build deps-test deps-fuzz deps-bench

all: build

deps-build:
	@scripts/deps.sh build
	@scripts/ui-deps.sh
deps-test:
	@scripts/deps.sh build test
	@scripts/ui-deps.sh
deps-bench:
	@scripts/deps.sh build bench
	@scripts/ui-deps.sh
deps-fuzz:
	@scripts/deps.sh build fuzz
	@scripts/ui-deps.sh

build: deps-build
	@cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release -DSAFETYNET_TESTS=OFF $(CMAKE_FLAGS) >/dev/null
	@cmake --build build/release -j $(JOBS)

demo: build
	@scripts/demo.sh build/release/safetynet

# The release build `make demo` runs is built too (an optimised build warns where a debug build
# does not, and -Werror makes that a broken demo); tests/cli/demo.sh runs the demo with it.
test: deps-test fmt-check build
	@cmake -S . -B build/asan -DCMAKE_BUILD_TYPE=Debug -DSAFETYNET_SANITIZE=ON -DSAFETYNET_TESTS=ON $(CMAKE_FLAGS) >/dev/null
	@cmake --build build/asan -j $(JOBS)
	@cd build/asan && SAFETYNET_DEMO_BIN=$(CURDIR)/build/release/safetynet ctest --output-on-failure -j $(JOBS)

bench: deps-bench
	@cmake -S . -B build/bench -DCMAKE_BUILD_TYPE=Release -DSAFETYNET_TESTS=OFF -DSAFETYNET_BENCH=ON >/dev/null
	@cmake --build build/bench -j $(JOBS)
	@bench/run.sh build/bench

fuzz: deps-fuzz
	@cmake -S . -B build/fuzz -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug -DSAFETYNET_TESTS=OFF -DSAFETYNET_FUZZ=ON >/dev/null
	@cmake --build build/fuzz -j $(JOBS)
	@fuzz/run.sh build/fuzz $(FUZZ_SECONDS)

fmt:
	@clang-format -i $(SOURCES)

fmt-check:
	@scripts/check-style.sh $(SOURCES)

clean:
	rm -rf build
