# FusionBoard — build, knowledge base, demo, tests.
SWIFT ?= swift
PREFIX ?= /usr/local
SHARED ?= ../shared
KB ?= kb/fusionboard.sqlite
KB_CORE ?= kb/core.sqlite
SOURCE_DIRS := $(if $(wildcard $(SHARED)/kb-sources),--source-dir $(SHARED)/kb-sources,)
DEBUG_BIN = .build/debug/fusionboard
RELEASE_BIN = .build/release/fusionboard
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := libcmark-dev libsqlite3-dev zlib1g-dev pkg-config

.PHONY: setup build release kb kb-core demo test install bench evaluate train screenshots clean

## Install the Debian packages the build needs (apt-get update first), when missing.
setup:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing: $$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: setup
	$(SWIFT) build

release: setup
	$(SWIFT) build -c release

## The knowledge base: core from Debian/PyPI packages, plus ../shared/kb-sources when present.
kb: $(KB)
$(KB): | release
	$(RELEASE_BIN) kb build --out $(KB) $(SOURCE_DIRS)

## A knowledge base with no optional source at all (tests check the product runs on it).
kb-core: $(KB_CORE)
$(KB_CORE): | release
	$(RELEASE_BIN) kb build --out $(KB_CORE)

## Render every SampleCases patient to out/demo/SAMPLE.html.
demo: release kb
	$(RELEASE_BIN) cohort SampleCases/cohort.tsv --kb $(KB) -o out/demo --jobs 2

test: setup kb kb-core
	FUSIONBOARD_TEST_KB=$(abspath $(KB)) FUSIONBOARD_TEST_KB_CORE=$(abspath $(KB_CORE)) $(SWIFT) test

## Train the driver models (Models/) on the DEEPrior training set: core-profile models with the core
## knowledge base, full-profile models with the full one. Deterministic (fixed seed).
TRAINING_SET ?= $(SHARED)/evaluation/deeprior_training_set.csv
train: release kb kb-core
	$(RELEASE_BIN) train --kb $(KB_CORE) --training $(TRAINING_SET) --output Models
	$(RELEASE_BIN) train --kb $(KB) --training $(TRAINING_SET) --output Models

## Metrics of the shipped models on the labelled test sets (strict de novo and all evidence), with the
## logistic baseline, trivial rules and published figures; once with the full and once with the core KB.
EVAL_SETS := $(SHARED)/evaluation/chimerdriver_test_set.csv $(SHARED)/evaluation/deeprior_test_set_1.csv $(SHARED)/evaluation/deeprior_test_set_2.csv
evaluate: release kb kb-core
	$(RELEASE_BIN) evaluate --kb $(KB) --models Models $(EVAL_SETS)
	$(RELEASE_BIN) evaluate --kb $(KB_CORE) --models Models $(EVAL_SETS)

install: release
	install -d $(PREFIX)/bin $(PREFIX)/share/fusionboard
	install -m 755 $(RELEASE_BIN) $(PREFIX)/bin/fusionboard
	rm -rf $(PREFIX)/share/fusionboard/Templates
	cp -R Templates $(PREFIX)/share/fusionboard/Templates
	rm -rf $(PREFIX)/share/fusionboard/Models
	cp -R Models $(PREFIX)/share/fusionboard/Models

clean:
	rm -rf .build out
