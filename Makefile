# Circula: two commands on a fresh Debian machine.
#   make demo   run the main job on the embedded default (bundled model and sample period)
#   make test   build and pass every test (starts a throwaway PostgreSQL for the ledger's store tests)
#   make bench  run every benchmark under bench/ against its Python peer
#   make serve  the API, dashboard and customer portal on the demo data (seeded into out/serve/ if missing)
SHELL := /bin/bash
export PATH := /opt/swift/usr/bin:$(PATH)
CIRCULA := .build/debug/circula

.PHONY: demo test build bench clean serve

build:
	@scripts/setup.sh build
	swift build

demo: build
	@scripts/demo.sh

test:
	@scripts/setup.sh test
	swift build --build-tests
	scripts/with-postgres.sh swift test --skip-build

bench:
	@scripts/setup.sh build
	@for b in bench/*/run.sh; do echo "== $$b"; bash $$b || exit 1; done

clean:
	rm -rf .build out

serve: build
	@scripts/serve-demo.sh run out/serve $${PORT:-8080}
