# Genetix: every target installs missing Debian packages first (scripts/setup), so a clean machine needs no other step.
SWIFT ?= swift
# Commands `make test` runs after scripts/test: a 60-second fuzz smoke of the HTTP request parser that must find nothing.
EXTRA_TEST_STEPS ?= scripts/fuzz http 60

.PHONY: setup build test up clean bench fuzz

setup:
	scripts/setup

build: setup
	$(SWIFT) build -c release --product genetix

test: setup
	scripts/test
	$(EXTRA_TEST_STEPS)

up: build
	.build/release/genetix up

clean:
	$(SWIFT) package clean

bench:
	scripts/setup --bench
	$(SWIFT) build -c release --product genetix
	scripts/bench

fuzz: setup
	scripts/fuzz
