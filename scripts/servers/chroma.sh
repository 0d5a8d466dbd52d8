#!/usr/bin/env bash
# Chroma for the agent-memory contract suite, from the `chromadb` npm package (its `chroma` CLI).
#   scripts/servers/chroma.sh install   make sure the npm package and its native bindings are installed (idempotent)
#   scripts/servers/chroma.sh start     start on a free loopback port; the LAST stdout line is CHROMA_URL=...
#   scripts/servers/chroma.sh stop      stop the server started by `start`
# CHROMA_NAME (default "chroma") names an instance (its pid/port/log files and data folder), so
# test runs can start private instances beside a developer's. Data lives in .cache/servers/<name>-data.
# The bindings are pinned to 1.0.1 in package.json (overrides): newer builds need glibc >= 2.38.
# Logs go to stderr and to .cache/servers/<name>.log so stdout stays parseable.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SERVERS_DIR="$ROOT/.cache/servers"
NAME="${CHROMA_NAME:-chroma}"
[[ "$NAME" =~ ^[A-Za-z0-9_.-]+$ ]] || { echo "chroma.sh: CHROMA_NAME may only hold A-Z a-z 0-9 _ . -" >&2; exit 2; }
PID_FILE="$SERVERS_DIR/$NAME.pid"
PORT_FILE="$SERVERS_DIR/$NAME.port"
LOG_FILE="$SERVERS_DIR/$NAME.log"
DATA_DIR="$SERVERS_DIR/$NAME-data"
BIN="$ROOT/node_modules/.bin/chroma"

log() { echo "chroma.sh: $*" >&2; }

installed() {
  [[ -x "$BIN" ]] && (cd "$ROOT" && node -e 'require("chromadb-js-bindings-linux-x64-gnu")' >/dev/null 2>&1 || [[ "$(uname -m)" != "x86_64" ]])
}

install() {
  if installed; then
    log "already installed: $BIN"
    return 0
  fi
  log "installing the npm dependencies (chromadb and its bindings)"
  (cd "$ROOT" && npm install --no-audit --no-fund >&2)
  installed || { log "npm install finished but $BIN (or its native bindings) is still missing"; exit 1; }
  log "installed $BIN"
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'
}

heartbeat() {
  node -e '
    fetch(`http://127.0.0.1:${process.argv[1]}/api/v2/heartbeat`, { signal: AbortSignal.timeout(1000) })
      .then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1));
  ' "$1"
}

is_running() {
  [[ -f "$PID_FILE" ]] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null
}

start() {
  if is_running && heartbeat "$(cat "$PORT_FILE")"; then
    echo "CHROMA_URL=http://127.0.0.1:$(cat "$PORT_FILE")"
    return 0
  fi
  [[ -x "$BIN" ]] || { log "chroma CLI not installed; run: $0 install"; exit 1; }
  mkdir -p "$SERVERS_DIR" "$DATA_DIR"
  rm -f "$PID_FILE"
  local port
  port="$(free_port)"
  echo "$port" >"$PORT_FILE"
  # setsid detaches the server from this shell, so it outlives the script and `stop` can end it by pid.
  setsid "$BIN" run --path "$DATA_DIR" --host 127.0.0.1 --port "$port" >>"$LOG_FILE" 2>&1 </dev/null &
  echo $! >"$PID_FILE"
  for _ in $(seq 1 300); do
    if heartbeat "$port"; then
      echo "CHROMA_URL=http://127.0.0.1:$port"
      return 0
    fi
    is_running || break
    sleep 0.1
  done
  log "Chroma did not answer its heartbeat on 127.0.0.1:$port within 30 s; last log lines:"
  tail -n 20 "$LOG_FILE" >&2 || true
  is_running && kill "$(cat "$PID_FILE")" 2>/dev/null || true
  rm -f "$PID_FILE" "$PORT_FILE"
  exit 1
}

stop() {
  if ! is_running; then
    rm -f "$PID_FILE" "$PORT_FILE"
    log "not running"
    return 0
  fi
  local pid
  pid="$(cat "$PID_FILE")"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
  rm -f "$PID_FILE" "$PORT_FILE"
  log "stopped (pid $pid)"
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 install|start|stop" >&2; exit 2 ;;
esac
