# Genetix: every target installs missing Debian packages first (scripts/setup), so a clean machine needs no other step.
SWIFT ?= swift
# Extra arguments of `genetix up` for `make up`, e.g. make up UP_ARGS="--base-port 21000".
UP_ARGS ?=
# Commands `make test` runs after scripts/test: the deterministic fuzz step (every target replays its whole corpus, saved
# findings included, then a fixed-seed pass of a fixed number of runs) that must find nothing, then the short chaos
# scenarios 1, 3 and 6 on the debug build scripts/test just made (about 3 minutes). Open-ended campaigns: `make fuzz`.
EXTRA_TEST_STEPS ?= scripts/fuzz ci && GENETIX=.build/debug/genetix scripts/chaos/short
# `make fuzz FUZZ_MINUTES=N`: a campaign of N minutes per fuzz target, clock-seeded (not part of `make test`).
FUZZ_MINUTES ?= 10
# `make soak MINUTES=N`.
MINUTES ?= 10
# `make install [PREFIX=/usr/local] [DESTDIR=/tmp/stage] [GENETIX_BINARY=.build/debug/genetix]`: see scripts/install.
PREFIX ?= /usr/local
DESTDIR ?=
GENETIX_BINARY ?=

.PHONY: setup build test up clean bench fuzz multihost multihost-partition multihost-balancer-pair multihost-syslog chaos soak install

setup:
	scripts/setup

build: setup
	$(SWIFT) build -c release --product genetix

test: setup
	scripts/test
	$(EXTRA_TEST_STEPS)

# The binary (built release unless GENETIX_BINARY names one), units, themes, man pages, completions and docs.
install: setup
	scripts/install --prefix "$(PREFIX)" $(if $(DESTDIR),--destdir "$(DESTDIR)") $(if $(GENETIX_BINARY),--binary "$(GENETIX_BINARY)")

up: build
	.build/release/genetix up $(UP_ARGS)

clean:
	$(SWIFT) package clean

bench:
	scripts/setup --bench
	$(SWIFT) build -c release --product genetix
	scripts/bench

fuzz: setup
	scripts/fuzz all $(FUZZ_MINUTES)

chaos: build
	scripts/chaos/all

soak: build
	scripts/chaos/soak $(MINUTES)

# A cluster over network namespaces on a private test subnet (root only; about 20 s after the build). See docs/deploy.md.
multihost:
	scripts/setup --multihost
	$(SWIFT) build --product genetix
	GX_NO_BUILD=1 scripts/multihost-test

# The database tier's partition test over network namespaces (root only; a few minutes after the build): the
# primary cut off from etcd and the replicas under two writers, in sync then async mode. Not part of `make test`.
multihost-partition:
	scripts/setup --multihost
	$(SWIFT) build --product genetix
	scripts/multihost-partition

# Two balancers behind a floating address moved by real keepalived, over network namespaces (root only; about
# 2 minutes after the build): kill -9 of the active one under load, its return as backup, a planned move. docs/reliability.md.
multihost-balancer-pair:
	scripts/setup --multihost
	$(SWIFT) build --product genetix
	scripts/multihost-balancer-pair

# Logs that outlive their host, over network namespaces (root only; about 30 s after the build): a node's lines
# through rsyslog to a central collector, its host torn down, `genetix logs` reading them there. docs/deploy.md.
multihost-syslog:
	scripts/setup --multihost
	$(SWIFT) build --product genetix
	scripts/multihost-syslog
