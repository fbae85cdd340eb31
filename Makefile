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

.PHONY: setup stamp build release kb kb-core demo test install bench evaluate train screenshots clean

## Install the Debian packages the build needs (apt-get update first), when missing.
setup:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing: $$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: setup stamp
	$(SWIFT) build

release: setup stamp
	$(SWIFT) build -c release

## Stamp the git commit into the binary (Sources/CBuildInfo/git_commit.h, untracked; "unknown" without it).
## Rewritten only when the commit changes, so builds stay incremental.
GIT_COMMIT := $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)$(shell git diff --quiet HEAD -- 2>/dev/null || echo -dirty)
stamp:
	@line='#define FUSIONBOARD_GIT_COMMIT "$(GIT_COMMIT)"'; \
	if [ "$$(cat Sources/CBuildInfo/git_commit.h 2>/dev/null)" != "$$line" ]; then \
	  echo "$$line" > Sources/CBuildInfo/git_commit.h; touch Sources/CBuildInfo/build_info.c; \
	fi

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
	$(RELEASE_BIN) train --kb $(KB_CORE) --chain $(CHAIN) --training $(TRAINING_SET) --output Models
	$(RELEASE_BIN) train --kb $(KB) --training $(TRAINING_SET) --output Models

## Metrics of the shipped models on the labelled test sets (strict de novo and all evidence), with the
## logistic baseline, trivial rules and published figures; once with the full and once with the core KB.
EVAL_SETS := $(SHARED)/evaluation/chimerdriver_test_set.csv $(SHARED)/evaluation/deeprior_test_set_1.csv $(SHARED)/evaluation/deeprior_test_set_2.csv
evaluate: release kb kb-core
	$(RELEASE_BIN) evaluate --kb $(KB) --models Models --training $(TRAINING_SET) $(EVAL_SETS)
	$(RELEASE_BIN) evaluate --kb $(KB_CORE) --chain $(CHAIN) --models Models --training $(TRAINING_SET) $(EVAL_SETS)

## Render every SampleCases report (English and Japanese) and look at them as a person would:
## out/screenshots/NAME.png (full page), NAME.pdf (printed on Letter) and NAME.a4.pdf (A4), one card per page.
## Installs chromium, fonts-noto-cjk (Japanese) and poppler-utils when missing. Not part of `make test`.
SCREENSHOT_PACKAGES := chromium fonts-noto-cjk poppler-utils
LOOK_AT_PAGE ?= $(SHARED)/tools/look-at-page
SOURCE_DATE_EPOCH ?= 1764028800
screenshots: build kb
	@missing=$$(for p in $(SCREENSHOT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing: $$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@mkdir -p out/screenshots
	@tail -n +2 SampleCases/cohort.tsv | while IFS="$$(printf '\t')" read -r sample path tumour; do \
	  for lang in en ja; do \
	    SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH) $(DEBUG_BIN) report SampleCases/$$path --kb $(KB) --sample "$$sample" --tumor-type "$$tumour" \
	      --language $$lang -o out/screenshots/$$sample.$$lang.html --json out/screenshots/$$sample.$$lang.json || exit 1; \
	    if [ -x "$(LOOK_AT_PAGE)" ]; then $(LOOK_AT_PAGE) out/screenshots/$$sample.$$lang.html out/screenshots/$$sample.$$lang >/dev/null; \
	    else chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars --proxy-server=127.0.0.1:9 --window-size=1280,4000 \
	      --screenshot=out/screenshots/$$sample.$$lang.png file://$(CURDIR)/out/screenshots/$$sample.$$lang.html >/dev/null 2>&1; \
	      chromium --headless=new --no-sandbox --disable-gpu --proxy-server=127.0.0.1:9 --no-pdf-header-footer \
	      --print-to-pdf=out/screenshots/$$sample.$$lang.pdf file://$(CURDIR)/out/screenshots/$$sample.$$lang.html >/dev/null 2>&1; fi; \
	    sed 's/<style>/<style>@page { size: A4; }/' out/screenshots/$$sample.$$lang.html > out/screenshots/$$sample.$$lang.a4.html; \
	    chromium --headless=new --no-sandbox --disable-gpu --proxy-server=127.0.0.1:9 --no-pdf-header-footer \
	      --print-to-pdf=out/screenshots/$$sample.$$lang.a4.pdf file://$(CURDIR)/out/screenshots/$$sample.$$lang.a4.html >/dev/null 2>&1; \
	    pages=$$(pdfinfo out/screenshots/$$sample.$$lang.pdf 2>/dev/null | awk '/^Pages:/ {print $$2}'); \
	    a4=$$(pdfinfo out/screenshots/$$sample.$$lang.a4.pdf 2>/dev/null | awk '/^Pages:/ {print $$2}'); \
	    echo "out/screenshots/$$sample.$$lang.png  $$sample.$$lang.pdf (Letter, $$pages pages)  $$sample.$$lang.a4.pdf (A4, $$a4 pages)"; \
	  done; \
	done
	SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH) $(DEBUG_BIN) cohort SampleCases/cohort.tsv --kb $(KB) -o out/screenshots/cohort --jobs 2
	@if [ -x "$(LOOK_AT_PAGE)" ]; then $(LOOK_AT_PAGE) out/screenshots/cohort/index.html out/screenshots/cohort-index >/dev/null; echo out/screenshots/cohort-index.png; fi

install: release
	install -d $(PREFIX)/bin $(PREFIX)/share/fusionboard
	install -m 755 $(RELEASE_BIN) $(PREFIX)/bin/fusionboard
	rm -rf $(PREFIX)/share/fusionboard/Templates
	cp -R Templates $(PREFIX)/share/fusionboard/Templates
	rm -rf $(PREFIX)/share/fusionboard/Models
	cp -R Models $(PREFIX)/share/fusionboard/Models

clean:
	rm -rf .build out

## Input parsing speed: 100k generated VCF records (target: under 1 s in release), then with liftover.
## Then the driver-model stage on a synthetic 10,000-record patient (de novo and all evidence) and its whole pipeline once.
CHAIN ?= $(SHARED)/kb-sources/liftover/hg19ToHg38.over.chain.gz
bench: release kb
	$(RELEASE_BIN) bench-input --records 100000 $(if $(wildcard $(CHAIN)),--chain $(CHAIN),)
	$(RELEASE_BIN) bench-scoring --kb $(KB)
