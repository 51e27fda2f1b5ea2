#!/usr/bin/env bash
# Obtains the Pulumi CLI for the tests and the demo, and puts into .tools/pulumi/bin (git-ignored;
# the Makefile puts it on PATH):
#   pulumi                          the CLI
#   pulumi-language-nodejs          the Node.js language host the engine starts for a nodejs project
#   pulumi-resource-pulumi-nodejs   the dynamic-provider shim that ships inside @pulumi/pulumi
#   pulumi-language-nodejs-legacy   (built CLIs only) the old language host that the one above fronts
#                                   so that `pulumi preview --policy-pack <dir>` works (see build_host_adapter)
#
# Order of preference (the version wanted is the @pulumi/pulumi of package-lock.json):
#   1. a `pulumi` on PATH of that version, with its language host beside it or on PATH;
#   2. $PULUMI_HOME/versions/<version>/bin (where the official installer and the Automation API put it);
#   3. a build from the Go module proxy, in a cache folder outside the repo (no prebuilt download
#      works on a machine that only reaches package registries). The build is a throwaway module
#      requiring github.com/pulumi/pulumi/pkg/v3 and sdk/v3 at the wanted version, or the nearest
#      lower one the proxy serves, plus the Node.js language host. A second run finds the binaries
#      in the cache and only refreshes the links.
#
# Environment: PULUMI_CLI_CACHE (cache folder), PULUMI_CLI_VERSION (override the wanted version),
# PULUMI_CLI_FORCE_BUILD=1 (skip 1 and 2), PULUMI_HOME.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
bin_dir="$root/.tools/pulumi/bin"
cache="${PULUMI_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-alicloud-ecs/pulumi-cli}"
pulumi_home="${PULUMI_HOME:-$HOME/.pulumi}"
shim="$root/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"

export GOTOOLCHAIN=local GOFLAGS=-mod=mod CGO_ENABLED=0
export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true

pkg_module=github.com/pulumi/pulumi/pkg/v3
sdk_module=github.com/pulumi/pulumi/sdk/v3
host_module=github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3
# The last sdk/v3 release that still held the Node.js language host as a package of its own module,
# used when the proxy does not serve the separate language-host module (see build_legacy_host).
legacy_host_version=v3.68.0
legacy_host_package=github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs
# From this CLI version on, Node.js policy packs start through the language host's RunPlugin, which
# the legacy host lacks ("not supported"); older CLIs run a `pulumi-analyzer-policy` script instead.
policy_runplugin_since=3.221.0
adapter_src="$root/scripts/nodejs-host-adapter/main.go"

log() { echo "pulumi-cli: $*" >&2; }
die() { log "error: $*"; exit 1; }

wanted_version() {
  if [ -n "${PULUMI_CLI_VERSION:-}" ]; then echo "${PULUMI_CLI_VERSION#v}"; return; fi
  [ -f "$root/package-lock.json" ] || die "package-lock.json not found in $root"
  node -p 'require(process.argv[1]).packages["node_modules/@pulumi/pulumi"].version' "$root/package-lock.json" \
    || die "cannot read the @pulumi/pulumi version from package-lock.json (is node on PATH?)"
}

# True when version $1 >= $2 (dotted numbers).
version_ge() { [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -n1)" = "$2" ]; }

# "3.270.0" for a pulumi binary, empty when it does not run.
version_of() { "$1" version 2>/dev/null | head -n1 | sed 's/^v//' || true; }

# A hard link (a copy across file systems), not a symlink: the CLI looks for its plugins beside its
# own resolved path and warns when the ones on PATH are elsewhere.
place() { # <source> <destination>
  local src; src="$(readlink -f "$1")"
  [ ! -L "$2" ] && [ "$src" -ef "$2" ] && return 0
  rm -f "$2"
  ln "$src" "$2" 2>/dev/null || cp "$src" "$2"
}

# The policy helpers beside a CLI: the legacy host an adapter fronts (or nothing), and for CLIs older
# than $policy_runplugin_since the `pulumi-analyzer-policy` script.
place_policy_helpers() { # <dest dir> <legacy host or ""> <cli version>
  rm -f "$1/pulumi-language-nodejs-legacy" "$1/pulumi-analyzer-policy"
  [ -z "$2" ] || place "$2" "$1/pulumi-language-nodejs-legacy"
  version_ge "$3" "$policy_runplugin_since" || write_analyzer_policy_script "$1/pulumi-analyzer-policy"
}

link_into_bin_dir() { # <pulumi> <pulumi-language-nodejs> [<legacy host> <cli version>]
  mkdir -p "$bin_dir"
  [ -f "$shim" ] || die "$shim is missing: run 'make setup' (npm install) first"
  place "$1" "$bin_dir/pulumi"
  place "$2" "$bin_dir/pulumi-language-nodejs"
  ln -sfn "$shim" "$bin_dir/pulumi-resource-pulumi-nodejs"
  # An official CLI brings its own policy support: only built ones get the helpers.
  if [ $# -ge 4 ]; then place_policy_helpers "$bin_dir" "$3" "$4"; else place_policy_helpers "$bin_dir" "" "$policy_runplugin_since"; fi
}

# Also expose the build where the official installer puts CLIs, unless another CLI is there already
# (one this script placed is refreshed, so an earlier build gains the policy helpers).
link_into_pulumi_home() { # <version> <dir with pulumi> <pulumi-language-nodejs> <legacy host or "">
  local dest="$pulumi_home/versions/$1/bin"
  [ -e "$dest/pulumi" ] && ! [ "$dest/pulumi" -ef "$2/pulumi" ] && return 0
  mkdir -p "$dest" 2>/dev/null || return 0
  place "$2/pulumi" "$dest/pulumi"
  place "$3" "$dest/pulumi-language-nodejs"
  place_policy_helpers "$dest" "$4" "$1"
  cp "$shim" "$dest/pulumi-resource-pulumi-nodejs" # a copy: it must outlive this checkout
}

# 1. A CLI of the wanted version already on PATH (outside our own bin dir).
use_cli_on_path() {
  local want="$1" cli host
  cli="$(PATH="$(echo "$PATH" | tr ':' '\n' | grep -vxF "$bin_dir" | paste -sd:)" command -v pulumi || true)"
  [ -n "$cli" ] || return 1
  [ "$(version_of "$cli")" = "$want" ] || return 1
  host="$(dirname "$cli")/pulumi-language-nodejs"
  [ -x "$host" ] || host="$(command -v pulumi-language-nodejs || true)"
  [ -n "$host" ] || return 1
  link_into_bin_dir "$cli" "$host"
  log "using pulumi $want from $cli"
}

# 2. A CLI of the wanted version under $PULUMI_HOME/versions.
use_cli_in_pulumi_home() {
  local want="$1" dir="$pulumi_home/versions/$1/bin"
  [ -x "$dir/pulumi" ] && [ -x "$dir/pulumi-language-nodejs" ] || return 1
  [ "$(version_of "$dir/pulumi")" = "$want" ] || return 1
  link_into_bin_dir "$dir/pulumi" "$dir/pulumi-language-nodejs"
  log "using pulumi $want from $dir"
}

# The nearest version <= want whose pkg/v3 module the proxy serves (walks down minor versions).
resolve_pkg_version() {
  local want="$1" major minor patch tries=0
  IFS=. read -r major minor patch <<<"$want"
  while [ "$tries" -lt 25 ]; do
    if go mod download -json "$pkg_module@v$major.$minor.$patch" >/dev/null 2>&1; then
      echo "$major.$minor.$patch"; return 0
    fi
    log "$pkg_module@v$major.$minor.$patch is not on the module proxy, trying an older release"
    minor=$((minor - 1)); patch=0; tries=$((tries + 1))
  done
  return 1
}

# The non-local replace directives of a go.mod (go install refuses modules that have any), in
# one-line form. Local ones (=> ../sdk) point into the pulumi repository and are dropped.
non_local_replaces() {
  awk '
    /^replace[ \t]*\(/ { block = 1; next }
    block && /^\)/ { block = 0; next }
    block { line = $0 } !block && /^replace[ \t]/ { line = $0; sub(/^replace[ \t]+/, "", line) }
    line != "" { split(line, parts, "=>"); target = parts[2]; gsub(/^[ \t]+/, "", target)
                 if (target !~ /^[.\/]/) print "replace " line; line = "" }
  ' "$1"
}

# Prints a (dotted) field of the JSON document on stdin; fails quietly when it is absent or the
# document is empty or an error (go list -json of a module the proxy refuses).
json_field() {
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{
    let v; try { v=process.argv[1].split(".").reduce((o,k)=>o==null?o:o[k],JSON.parse(s)); } catch { process.exit(1); }
    if (v==null||v===""||JSON.parse(s).Error) process.exit(1); console.log(v); })' "$1"
}

go_directive() { awk '$1 == "go" { print $2; exit }' "$1"; }

# The pseudo-version of the language-host module at the commit of the pkg/v3 tag, if served.
host_pseudo_version() { # <pkg version>
  local commit
  commit="$(go list -m -json "$pkg_module@v$1" | json_field Origin.Hash)" || return 1
  go list -m -json "$host_module@$commit" 2>/dev/null | json_field Version
}

build_flags() { echo "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$1"; }

# 3. Build pulumi (and, when the proxy serves it, the matching language host) in the cache.
build_cli() { # <pkg version> <out dir>
  local ver="$1" out="$2" src="$2/../src" pkg_gomod host_ver=""
  mkdir -p "$src" "$out"
  pkg_gomod="$(go list -m -json "$pkg_module@v$ver" | json_field GoMod)" || die "cannot read $pkg_module@v$ver's go.mod"
  if host_ver="$(host_pseudo_version "$ver")"; then
    log "language host: $host_module@$host_ver"
  else
    host_ver=""
    log "the module proxy does not serve $host_module at the pkg/v$ver commit"
  fi
  {
    echo "// Throwaway module: builds the Pulumi CLI v$ver from the Go module proxy (scripts/pulumi-cli.sh)."
    echo "module pulumi-cli-build"
    echo
    echo "go $(go_directive "$pkg_gomod")"
    echo
    non_local_replaces "$pkg_gomod"
    echo
    echo "require ("
    echo "	$pkg_module v$ver"
    echo "	$sdk_module v$ver"
    [ -z "$host_ver" ] || echo "	$host_module $host_ver"
    echo ")"
  } >"$src/go.mod"
  {
    echo "//go:build tools"
    echo
    echo "// Package tools pins the main packages this module builds."
    echo "package tools"
    echo
    echo "import ("
    echo "	_ \"$pkg_module/cmd/pulumi\""
    [ -z "$host_ver" ] || echo "	_ \"$host_module\""
    echo ")"
  } >"$src/tools.go"
  (cd "$src" && go mod tidy)
  log "building pulumi v$ver (a cold build takes 10-30 minutes on 2 cores)"
  (cd "$src" && go build -trimpath -ldflags "$(build_flags "$ver")" -o "$out/pulumi" "$pkg_module/cmd/pulumi")
  if [ -n "$host_ver" ]; then
    (cd "$src" && go build -trimpath -ldflags "$(build_flags "$ver")" -o "$out/pulumi-language-nodejs" "$host_module")
  else
    build_legacy_host "$out"
  fi
}

# Fallback for the language host: the module proxy here does not serve the separate
# pulumi-language-nodejs/v3 module, but it does serve sdk/v3 releases up to v3.68, which held the
# host as a package. That host speaks the same language-host protocol (Run with the same flags to
# @pulumi/pulumi/cmd/run, PULUMI_CONFIG in the environment), which the current SDK still accepts.
build_legacy_host() { # <out dir>
  local out="$1" dir="$cache/legacy-language-nodejs-$legacy_host_version" sdk_gomod
  if [ ! -x "$dir/bin/pulumi-language-nodejs" ]; then
    log "building the Node.js language host from $sdk_module@$legacy_host_version"
    mkdir -p "$dir/src" "$dir/bin"
    sdk_gomod="$(go list -m -json "$sdk_module@$legacy_host_version" | json_field GoMod)" \
      || die "cannot read $sdk_module@$legacy_host_version's go.mod"
    {
      echo "// Throwaway module: builds pulumi-language-nodejs from $sdk_module@$legacy_host_version (scripts/pulumi-cli.sh)."
      echo "module pulumi-language-nodejs-build"
      echo
      echo "go $(go_directive "$sdk_gomod")"
      echo
      non_local_replaces "$sdk_gomod"
      echo
      echo "require $sdk_module $legacy_host_version"
    } >"$dir/src/go.mod"
    printf '//go:build tools\n\n// Package tools pins the main package this module builds.\npackage tools\n\nimport _ "%s"\n' \
      "$legacy_host_package" >"$dir/src/tools.go"
    (cd "$dir/src" && go mod tidy)
    (cd "$dir/src" && go build -trimpath -ldflags "$(build_flags "${legacy_host_version#v}")" \
      -o "$dir/bin/pulumi-language-nodejs" "$legacy_host_package")
  fi
  ln -sfn "$dir/bin/pulumi-language-nodejs" "$out/pulumi-language-nodejs"
}

# The legacy host cannot run policy packs (see policy_runplugin_since). For CLIs that start them
# through RunPlugin, build scripts/nodejs-host-adapter against sdk/v3 at the CLI's version: it
# fronts the legacy host (placed beside it as pulumi-language-nodejs-legacy) and runs policy packs
# itself. Built once per CLI version and adapter source; prints the adapter's path.
build_host_adapter() { # <cli version>
  local ver="$1" hash dir sdk_gomod
  hash="$(sha256sum "$adapter_src" | cut -c1-12)"
  dir="$cache/nodejs-host-adapter-v$ver-$hash"
  if [ ! -x "$dir/bin/pulumi-language-nodejs" ]; then
    log "building the Node.js host adapter (policy packs) against $sdk_module@v$ver"
    mkdir -p "$dir/src" "$dir/bin"
    sdk_gomod="$(go list -m -json "$sdk_module@v$ver" | json_field GoMod)" || die "cannot read $sdk_module@v$ver's go.mod"
    {
      echo "// Throwaway module: builds scripts/nodejs-host-adapter against $sdk_module@v$ver (scripts/pulumi-cli.sh)."
      echo "module nodejs-host-adapter"
      echo
      echo "go $(go_directive "$sdk_gomod")"
      echo
      non_local_replaces "$sdk_gomod"
      echo
      echo "require $sdk_module v$ver"
    } >"$dir/src/go.mod"
    cp "$adapter_src" "$dir/src/main.go"
    (cd "$dir/src" && go mod tidy >&2 && go build -trimpath -ldflags "$(build_flags "$ver")" -o "$dir/bin/pulumi-language-nodejs" .) >&2 \
      || die "building the Node.js host adapter failed"
  fi
  echo "$dir/bin/pulumi-language-nodejs"
}

# Upstream's `pulumi-analyzer-policy` (sdk/nodejs/dist until v3.221), for CLIs older than that.
write_analyzer_policy_script() { # <path>
  cat >"$1" <<'SCRIPT'
#!/bin/sh
PULUMI_RUN_SCRIPT_PATH=$(node -e "try { console.log(require.resolve('@pulumi/pulumi/cmd/run-policy-pack')) } catch (e) { console.error(e.message) }")
if [ ! -z "$PULUMI_RUN_SCRIPT_PATH" ]; then
    node "$PULUMI_RUN_SCRIPT_PATH" $@
fi
SCRIPT
  chmod +x "$1"
}

use_built_cli() {
  local want="$1" resolved_file="$cache/resolved-$1" ver out started host legacy
  command -v go >/dev/null || die "no pulumi $want found and Go is not installed to build it"
  mkdir -p "$cache"
  if [ -s "$resolved_file" ]; then
    ver="$(cat "$resolved_file")"
  else
    ver="$(resolve_pkg_version "$want")" || die "no release of $pkg_module near v$want on the module proxy"
    echo "$ver" >"$resolved_file"
  fi
  out="$cache/v$ver/bin"
  if [ ! -x "$out/pulumi" ] || [ ! -x "$out/pulumi-language-nodejs" ] || [ "$(version_of "$out/pulumi")" != "$ver" ]; then
    started=$(date +%s)
    build_cli "$ver" "$out"
    log "built pulumi v$ver in $(( $(date +%s) - started ))s"
  fi
  [ "$ver" = "$want" ] || log "note: @pulumi/pulumi is $want; the nearest CLI the module proxy serves is $ver"
  host="$out/pulumi-language-nodejs" legacy=""
  if [ "$(readlink -f "$host")" = "$(readlink -f "$cache/legacy-language-nodejs-$legacy_host_version/bin/pulumi-language-nodejs")" ] \
    && version_ge "$ver" "$policy_runplugin_since"; then
    legacy="$host"
    host="$(build_host_adapter "$ver")"
  fi
  link_into_bin_dir "$out/pulumi" "$host" "$legacy" "$ver"
  link_into_pulumi_home "$ver" "$out" "$host" "$legacy"
}

main() {
  local want
  want="$(wanted_version)"
  if [ -z "${PULUMI_CLI_FORCE_BUILD:-}" ]; then
    use_cli_on_path "$want" || use_cli_in_pulumi_home "$want" || use_built_cli "$want"
  else
    use_built_cli "$want"
  fi
  log "ready: $("$bin_dir/pulumi" version) in $bin_dir"
}

main "$@"
