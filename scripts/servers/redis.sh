#!/usr/bin/env bash
# Redis for the coordination contract suites (locks, rate limits, cache, pub/sub).
#   scripts/servers/redis.sh install   apt-get install redis-server, only if it is missing (idempotent)
#   scripts/servers/redis.sh start     start on a free loopback port; the LAST stdout line is REDIS_URL=...
#   scripts/servers/redis.sh stop      shut down the server started by `start`
# REDIS_NAME (default "redis") names an instance (its pid/port/log files), so test runs can start
# private instances beside a developer's. Nothing is persisted (--save "" --appendonly no): the
# suites treat Redis as coordination state, never as a store of record. Logs go to stderr and to
# .cache/servers/<name>.log so stdout stays parseable.
set -euo pipefail

# shellcheck source=scripts/servers/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
servers_init redis.sh REDIS_NAME redis Redis

find_binary() {
  if command -v redis-server >/dev/null 2>&1; then command -v redis-server; return 0; fi
  # Debian installs it under /usr/bin, but a non-login PATH may miss /usr/sbin-style layouts.
  for candidate in /usr/bin/redis-server /usr/local/bin/redis-server /usr/sbin/redis-server; do
    if [[ -x "$candidate" ]]; then echo "$candidate"; return 0; fi
  done
  return 1
}

install() {
  if find_binary >/dev/null; then
    log "already installed: $(find_binary) ($("$(find_binary)" --version | head -n 1))"
    return 0
  fi
  command -v apt-get >/dev/null 2>&1 || { log "redis-server is missing and apt-get is not available; install Redis 7 by other means"; exit 1; }
  local sudo=""
  if [[ "$(id -u)" != "0" ]]; then
    command -v sudo >/dev/null 2>&1 || { log "installing redis-server needs root (or sudo)"; exit 1; }
    sudo="sudo"
  fi
  log "installing redis-server with apt-get"
  $sudo apt-get update >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y redis-server >&2
  find_binary >/dev/null || { log "apt-get finished but redis-server is still not on PATH"; exit 1; }
  log "installed $(find_binary)"
}

# Speaks RESP directly so the script needs neither redis-cli nor an npm package.
ping() {
  node -e '
    const s = require("net").connect(+process.argv[1], "127.0.0.1");
    let buffer = "";
    const fail = () => process.exit(1);
    s.setTimeout(500, fail);
    s.on("error", fail);
    s.on("connect", () => s.write("PING\r\n"));
    s.on("data", (chunk) => { buffer += chunk; if (buffer.includes("\r\n")) process.exit(buffer.startsWith("+PONG") ? 0 : 1); });
  ' "$1"
}

shutdown_command() {
  node -e '
    const s = require("net").connect(+process.argv[1], "127.0.0.1");
    const done = () => process.exit(0);
    s.setTimeout(1000, done);
    s.on("error", done);
    s.on("close", done);
    s.on("connect", () => s.write("SHUTDOWN NOSAVE\r\n"));
  ' "$1"
}

start() {
  if is_running && ping "$(cat "$PORT_FILE")"; then
    echo "REDIS_URL=redis://127.0.0.1:$(cat "$PORT_FILE")"
    return 0
  fi
  local bin
  bin="$(find_binary)" || { log "redis-server not installed; run: $0 install"; exit 1; }
  mkdir -p "$SERVERS_DIR"
  rm -f "$PID_FILE"
  local port
  port="$(free_port)"
  echo "$port" >"$PORT_FILE"
  # --dir keeps any file Redis might write (none with these flags) inside .cache, never the cwd.
  "$bin" --port "$port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
    --pidfile "$PID_FILE" --logfile "$LOG_FILE" --dir "$SERVERS_DIR" >&2
  # --daemonize leaves no child pid here: readiness is the PING alone.
  if await_ready 100 0.1 "" ping "$port"; then
    # --daemonize writes the pid file shortly after the socket opens; wait for it so `stop` works.
    for _ in $(seq 1 50); do [[ -s "$PID_FILE" ]] && break; sleep 0.05; done
    echo "REDIS_URL=redis://127.0.0.1:$port"
    return 0
  fi
  log "Redis did not answer PING on 127.0.0.1:$port within 10 s; last log lines:"
  tail -n 20 "$LOG_FILE" >&2 || true
  [[ -s "$PID_FILE" ]] && kill "$(cat "$PID_FILE")" 2>/dev/null || true
  rm -f "$PID_FILE" "$PORT_FILE"
  exit 1
}

# SHUTDOWN NOSAVE first: Redis exits cleanly; signals are the fallback.
stop() { stop_server 50 shutdown_command; }

servers_main "$@"
