#!/usr/bin/env bash
# Frontline as several app processes ("replicas") behind HAProxy on this machine, all on one PostgreSQL
# database. Needs only bash, Python with the app installed (.venv) and HAProxy (apt-get install haproxy).
#
#   export TRAINER_DATABASE_URL=postgresql+psycopg://frontline@db.example.com/frontline
#   deploy/run-replicas.sh
#
# brings the schema up to date, starts one `streamlit run streamlit_app.py` per port on 127.0.0.1 and
# HAProxy (deploy/haproxy.cfg) in front of them, and stays in the foreground until Ctrl-C or SIGTERM,
# which stops them all. A replica that exits is started again after 2 seconds; meanwhile HAProxy sends
# its trainees to the others, where they are still logged in.
#
# Settings, from the environment (every TRAINER_* setting is passed on to each replica):
#   FRONTLINE_PORTS    the replicas' ports on 127.0.0.1, one replica per port    default "8501 8502"
#   FRONTLINE_LISTEN   where HAProxy listens for the trainees' browsers           default 0.0.0.0:8080
#   FRONTLINE_RUN_DIR  a log and a pid file per process, the generated config     default run/
#   FRONTLINE_PYTHON   the Python that has the app's packages                     default .venv/bin/python
#   HAPROXY            the HAProxy program                                        default haproxy on PATH
set -euo pipefail
cd "$(dirname "$0")/.."

read -r -a ports <<<"${FRONTLINE_PORTS:-8501 8502}"
export FRONTLINE_LISTEN="${FRONTLINE_LISTEN:-0.0.0.0:8080}"
run_dir="${FRONTLINE_RUN_DIR:-run}"
python="${FRONTLINE_PYTHON:-.venv/bin/python}"
haproxy="${HAPROXY:-$(command -v haproxy || echo /usr/sbin/haproxy)}"

fail() { echo "run-replicas.sh: $*" >&2; exit 2; }
case "${TRAINER_DATABASE_URL:-}" in
  postgresql*) ;;
  *) fail "the replicas share one PostgreSQL database: set TRAINER_DATABASE_URL=postgresql+psycopg://user@host/db" \
          "(one process on SQLite needs no proxy: .venv/bin/streamlit run streamlit_app.py)" ;;
esac
[ -x "$haproxy" ] || fail "no HAProxy at $haproxy: install it with \`apt-get install haproxy\` (or set HAPROXY)"
[ -x "$python" ] || fail "no Python at $python: create the virtual environment as the README's Quick start says" \
                         "(or set FRONTLINE_PYTHON)"
[ "${#ports[@]}" -ge 2 ] || fail "FRONTLINE_PORTS names ${#ports[@]} port; replicas need at least two"
mkdir -p "$run_dir"

# The replicas believe X-Forwarded-For from the proxy only (the per-address login limit).
export TRAINER_TRUSTED_PROXIES="${TRAINER_TRUSTED_PROXIES:-127.0.0.1}"

# deploy/haproxy.cfg names two replicas; one more server line each for the others (its backend is the
# file's last section).
config="$run_dir/haproxy.cfg"
cp deploy/haproxy.cfg "$config"
for i in "${!ports[@]}"; do
  n=$((i + 1))
  export "FRONTLINE_REPLICA_$n=127.0.0.1:${ports[$i]}"
  if [ "$n" -gt 2 ]; then
    printf '    server replica%d "${FRONTLINE_REPLICA_%d}" check cookie replica%d\n' "$n" "$n" "$n" >>"$config"
  fi
done
"$haproxy" -c -q -f "$config" || fail "HAProxy refused $config (see above)"

"$python" -m trainer db upgrade  # once, before the replicas start (each would otherwise wait its turn)

replica() {  # replica NUMBER PORT: run it, and run it again whenever it exits
  local n=$1 port=$2 status
  while :; do
    "$python" -m streamlit run streamlit_app.py --server.headless true --server.address 127.0.0.1 \
      --server.port "$port" --server.fileWatcherType none --browser.gatherUsageStats false \
      >>"$run_dir/replica$n.log" 2>&1 &
    echo $! >"$run_dir/replica$n.pid"
    status=0
    wait $! || status=$?
    echo "$(date -u +%FT%TZ) replica$n exited with status $status; starting it again in 2 s" >>"$run_dir/replica$n.log"
    sleep 2
  done
}

alive() { kill -0 "$1" 2>/dev/null && ! grep -qs ') Z ' "/proc/$1/stat"; }  # a zombie counts as gone

loops=()
proxy=""
stop() {
  trap - INT TERM EXIT
  for pid in "${loops[@]}"; do kill "$pid" 2>/dev/null || true; done  # first, so that nothing starts again
  local stopping=()
  for i in "${!ports[@]}"; do
    pid_file="$run_dir/replica$((i + 1)).pid"
    if [ -f "$pid_file" ]; then
      stopping+=("$(cat "$pid_file")")
      kill "${stopping[-1]}" 2>/dev/null || true
      rm -f "$pid_file"
    fi
  done
  [ -n "$proxy" ] && { kill "$proxy" 2>/dev/null || true; }
  for pid in "${stopping[@]}"; do  # each replica closes its connections; 15 s at most
    for _ in $(seq 1 60); do alive "$pid" || break; sleep 0.25; done
    alive "$pid" && kill -KILL "$pid" 2>/dev/null
  done
  wait 2>/dev/null || true
  echo "run-replicas.sh: stopped" >&2
  exit 0
}
trap stop INT TERM EXIT

for i in "${!ports[@]}"; do
  replica "$((i + 1))" "${ports[$i]}" &
  loops+=($!)
done
healthy() {  # healthy PORT: the replica answers its health check (bash's /dev/tcp, no curl needed)
  local answer
  answer=$( (exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'GET /_stcore/health HTTP/1.0\r\n\r\n' >&3 \
             && head -n 1 <&3) 2>/dev/null) || return 1
  [[ "$answer" == *" 200 "* ]]
}
for port in "${ports[@]}"; do  # the proxy starts once the replicas answer, so it finds them up
  for _ in $(seq 1 240); do
    healthy "$port" && break
    sleep 0.5
  done
done
"$haproxy" -db -f "$config" >>"$run_dir/haproxy.log" 2>&1 &
proxy=$!
echo "run-replicas.sh: ${#ports[@]} replicas on 127.0.0.1 port ${ports[*]}, HAProxy on http://$FRONTLINE_LISTEN;" \
     "logs in $run_dir/" >&2
wait "$proxy" || true
echo "run-replicas.sh: HAProxy exited (see $run_dir/haproxy.log)" >&2
