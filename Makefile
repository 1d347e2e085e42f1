# lnstack: the two commands that matter on a fresh machine with Go installed are
#   make demo    (the main job)
#   make test    (every check CI runs before interop)
GO ?= go
# Packages with goroutines (connections, worker pools, the simulation) run
# under the race detector; the rest, pure codecs and state machines, without.
RACE_PKGS := ./layer1_transport/... ./layer2_messaging/... ./layer3_p2p/gossip/... \
	./layer3_p2p/graph/... ./layer3_p2p/commitment/... ./node/... ./cmd/...
FUZZTIME ?= 300x
SHARED ?= ../shared

.PHONY: all test fmt-check vet unit fuzz demo conformance bench interop interop-build spec-check test-deps lnstack

all: test

test: test-deps fmt-check vet unit fuzz

test-deps:
	@bash scripts/test-deps.sh

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

unit:
	$(GO) test -race -count=1 $(RACE_PKGS)
	$(GO) test -count=1 $$($(GO) list ./... | grep -v -x -F "$$($(GO) list $(RACE_PKGS))")

fuzz:
	@FUZZTIME=$(FUZZTIME) bash scripts/fuzz-smoke.sh

lnstack:
	$(GO) build -o bin/lnstack ./cmd/lnstack

# The main job: a payment across an in-process network of real nodes on
# loopback, printed layer by layer.
demo:
	$(GO) run ./cmd/lnstack demo

conformance:
	-$(GO) run ./cmd/lnstack conformance --markdown docs/CONFORMANCE.md

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

spec-check:
	@if [ -d $(SHARED)/bolts ]; then $(GO) test -count=1 -run TestSpecDrift ./spec/... ./testvectors/...; \
	else echo "spec-check: $(SHARED)/bolts absent, nothing to compare"; fi

interop:
	$(MAKE) -C interop all
