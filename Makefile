# Thin wrapper over CMake. The two commands of the README:
#   make site   install what is missing, build nastavnik, build the demo site
#   make test   the same set-up, then every test (CTest)
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
NASTAVNIK = $(BUILD_DIR)/generator/nastavnik

.PHONY: site test build deps test-deps clean fuzz

site: deps build
	$(NASTAVNIK) build --site . --out output

test: test-deps build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j2

deps:
	@./.ci/install-deps.sh build

test-deps:
	@./.ci/install-deps.sh test

build:
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build $(BUILD_DIR) -j$(JOBS)

clean:
	rm -rf $(BUILD_DIR) output/public output/internal output/.public.previous
