# Circula: two commands on a fresh Debian machine.
#   make demo   run the main job on the embedded default (bundled model and sample period)
#   make test   build and pass every test (starts a throwaway PostgreSQL for the ledger's store tests)
#   make bench  run every benchmark under bench/ against its Python peer
SHELL := /bin/bash
export PATH := /opt/swift/usr/bin:$(PATH)
CIRCULA := .build/debug/circula
DEMO := out/demo

.PHONY: demo test build bench clean

build:
	@scripts/setup.sh build
	swift build

demo: build
	@mkdir -p $(DEMO)
	@echo "== Elements we recover, with the lists they are on =="
	@$(CIRCULA) elements --class recovered
	@echo
	@echo "== The default model (metallurgy.yaml with sources) =="
	@$(CIRCULA) model show | head -16
	@echo
	@echo "== The sample period's input (bundled synthetic lots, April 2024) =="
	@$(CIRCULA) lots check

test:
	@scripts/setup.sh test
	swift build --build-tests
	scripts/with-postgres.sh swift test --skip-build

bench:
	@scripts/setup.sh build
	@for b in bench/*/run.sh; do echo "== $$b"; bash $$b || exit 1; done

clean:
	rm -rf .build out
