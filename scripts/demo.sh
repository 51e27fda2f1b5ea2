#!/usr/bin/env bash
# The README's demo: examples/web deployed by the real Pulumi CLI against the local ECS emulator.
#   scripts/demo.sh up        start the emulator (if not running), `pulumi up --yes` the `demo` stack, print its outputs
#   scripts/demo.sh destroy   `pulumi destroy --yes` the stack and remove it (the emulator keeps running)
#   scripts/demo.sh stop      stop the emulator started by `up`
#   scripts/demo.sh env       print the exports that let you run `pulumi` by hand against the demo
# Run through make (make demo / demo-destroy / demo-stop), which builds dist/ and obtains the CLI first.
#
# Everything lives in .demo/ (git-ignored): the emulator's state file, pid and log, and the
# file backend holding the stack. The emulator keeps its resources across restarts in the state file.
#
# Environment: DEMO_PORT (emulator port, default 8833 as the emulator's own), PULUMI_CONFIG_PASSPHRASE (default
# "demo-passphrase": it encrypts the stack's secrets, such as the emulator's AccessKey secret).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
demo_dir="$root/.demo"
project_dir="$root/examples/web"
stack=demo
port="${DEMO_PORT:-8833}"
endpoint="http://127.0.0.1:$port"
pid_file="$demo_dir/emulator.pid"
log_file="$demo_dir/emulator.log"
state_file="$demo_dir/emulator-state.json"
region=cn-hangzhou
# The emulator's default credentials (emulator/defaults.ts).
access_key_id=ecs-emulator
access_key_secret=ecs-emulator-secret

export PULUMI_BACKEND_URL="file://$demo_dir/backend"
export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE-demo-passphrase}"
export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
# The Pulumi CLI that `make pulumi-cli` obtained.
export PATH="$root/.tools/pulumi/bin:$PATH"

log() { echo "demo: $*" >&2; }
die() { log "error: $*"; exit 1; }

emulator_pid() { # the pid of the emulator this script started, if it still runs
  [ -s "$pid_file" ] || return 1
  local pid; pid="$(cat "$pid_file")"
  kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

start_emulator() {
  mkdir -p "$demo_dir"
  if pid="$(emulator_pid)"; then
    log "emulator already running (pid $pid) at $endpoint"
    return
  fi
  [ -f "$root/dist/emulator/cli.js" ] || die "dist/emulator/cli.js is missing: run 'make build' (or 'make demo')"
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port $port is taken by another process; free it or set DEMO_PORT"
  fi
  : >"$log_file"
  nohup node "$root/dist/emulator/cli.js" --port "$port" --state-file "$state_file" >>"$log_file" 2>&1 &
  echo $! >"$pid_file"
  for _ in $(seq 100); do
    grep -qi listening "$log_file" && { log "emulator listening at $endpoint (pid $(cat "$pid_file"), log $log_file)"; return; }
    emulator_pid >/dev/null || { cat "$log_file" >&2; die "the emulator exited during start-up"; }
    sleep 0.1
  done
  cat "$log_file" >&2
  die "the emulator did not report 'listening' within 10 s"
}

stop_emulator() {
  local pid
  if pid="$(emulator_pid)"; then
    kill "$pid"
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    log "emulator stopped (pid $pid); its resources stay in $state_file"
  else
    log "emulator not running"
  fi
  rm -f "$pid_file"
}

require_cli() {
  command -v pulumi >/dev/null || die "pulumi not found: run 'make pulumi-cli' (or 'make demo')"
  command -v pulumi-language-nodejs >/dev/null || die "pulumi-language-nodejs not found: run 'make pulumi-cli'"
}

prepare_project() {
  [ -f "$root/dist/sdk/index.js" ] || die "dist/sdk is missing: run 'make build' (or 'make demo')"
  if [ ! -e "$project_dir/node_modules/pulumi-alicloud-ecs" ]; then
    log "installing examples/web's dependencies (a link to this package)"
    (cd "$project_dir" && npm install --no-package-lock --no-audit --no-fund --loglevel=error)
  fi
}

select_stack() {
  mkdir -p "$demo_dir/backend"
  cd "$project_dir"
  pulumi stack select --create "$stack" --non-interactive >/dev/null
  pulumi config set alicloud-ecs:endpoint "$endpoint"
  pulumi config set alicloud-ecs:region "$region"
  pulumi config set alicloud-ecs:accessKeyId "$access_key_id"
  pulumi config set --secret alicloud-ecs:accessKeySecret "$access_key_secret"
}

print_env() {
  echo "export PATH=\"$root/.tools/pulumi/bin:\$PATH\""
  echo "export PULUMI_BACKEND_URL=\"$PULUMI_BACKEND_URL\""
  echo "export PULUMI_CONFIG_PASSPHRASE=\"$PULUMI_CONFIG_PASSPHRASE\""
  echo "export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true"
  echo "cd \"$project_dir\""
}

up() {
  require_cli
  prepare_project
  start_emulator
  select_stack
  pulumi up --yes --non-interactive --stack "$stack"
  echo
  echo "Stack outputs ($stack):"
  pulumi stack output --stack "$stack"
  echo
  echo "The emulator keeps running at $endpoint with the stack's resources. To explore by hand:"
  print_env | sed 's/^/  /'
  echo "  pulumi stack output; pulumi refresh; curl -s '$endpoint/_emulator/state'"
  echo "Tear down with 'make demo-destroy' (resources and stack) and 'make demo-stop' (emulator)."
}

destroy() {
  require_cli
  cd "$project_dir"
  if [ ! -d "$demo_dir/backend/.pulumi" ] || ! pulumi stack select "$stack" --non-interactive >/dev/null 2>&1; then
    log "no demo stack"
    return
  fi
  start_emulator # the resources to delete live in its state file
  pulumi destroy --yes --non-interactive --stack "$stack"
  pulumi stack rm --yes --stack "$stack"
}

case "${1:-up}" in
  up) up ;;
  destroy) destroy ;;
  stop) stop_emulator ;;
  env) print_env ;;
  *) die "usage: $0 up|destroy|stop|env" ;;
esac
