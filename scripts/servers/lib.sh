# Shared by the scripts/servers/*.sh scripts (sourced, never run): instance files, free ports,
# readiness polling, stopping by pid and the install|start|stop dispatch. Each script keeps what
# is its server's own (how to install, start and probe it) and prints its VAR=value line itself.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="$ROOT/.cache"
SERVERS_DIR="$CACHE/servers"

# servers_init <script name> <env var naming the instance> <default instance name> <server label>
servers_init() {
  SCRIPT="$1"
  SERVER="$4"
  NAME="${!2:-$3}"
  [[ "$NAME" =~ ^[A-Za-z0-9_.-]+$ ]] || { echo "$SCRIPT: $2 may only hold A-Z a-z 0-9 _ . -" >&2; exit 2; }
  PID_FILE="$SERVERS_DIR/$NAME.pid"
  PORT_FILE="$SERVERS_DIR/$NAME.port"
  LOG_FILE="$SERVERS_DIR/$NAME.log"
}

log() { echo "$SCRIPT: $*" >&2; }

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'
}

tcp_open() {
  node -e 'const s=require("net").connect(+process.argv[1],"127.0.0.1");s.on("connect",()=>process.exit(0));s.on("error",()=>process.exit(1));' "$1"
}

is_running() {
  [[ -f "$PID_FILE" ]] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null
}

# await_ready <tries> <seconds between> <pid, or "" when unknown> <probe command...>
# 0 once the probe succeeds; 2 (after showing the log) if the process died; 1 on time-out.
await_ready() {
  local tries="$1" interval="$2" pid="$3"
  shift 3
  for _ in $(seq 1 "$tries"); do
    if "$@"; then return 0; fi
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      log "$SERVER exited during start-up; last log lines:"; tail -n 30 "$LOG_FILE" >&2 || true
      return 2
    fi
    sleep "$interval"
  done
  return 1
}

wait_for_exit() {
  local pid="$1" tries="$2"
  for _ in $(seq 1 "$tries"); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  ! kill -0 "$pid" 2>/dev/null
}

# SIGTERM, up to <tries> tenths of a second for a clean exit, then SIGKILL.
end_process() {
  local pid="$1" tries="$2"
  kill "$pid" 2>/dev/null || true
  wait_for_exit "$pid" "$tries" || kill -9 "$pid" 2>/dev/null || true
}

# stop_server [tries] [command run first with the port, e.g. a protocol-level shutdown]
stop_server() {
  local tries="${1:-50}" before="${2:-}"
  if ! is_running; then
    rm -f "$PID_FILE" "$PORT_FILE"
    log "not running"
    return 0
  fi
  local pid port
  pid="$(cat "$PID_FILE")"
  port="$(cat "$PORT_FILE" 2>/dev/null || true)"
  if [[ -n "$before" && -n "$port" ]]; then
    "$before" "$port"
    wait_for_exit "$pid" "$tries" || true
  fi
  end_process "$pid" "$tries"
  rm -f "$PID_FILE" "$PORT_FILE"
  log "stopped (pid $pid)"
}

# servers_main "$@": install|start|stop, the words after `stop` passed to it; STOP_USAGE documents them.
servers_main() {
  case "${1:-}" in
    install) install ;;
    start) start ;;
    stop) stop "${@:2}" ;;
    *) echo "usage: $0 install|start|stop${STOP_USAGE:-}" >&2; exit 2 ;;
  esac
}
