#!/usr/bin/env bash
# Measure Promesa with the peer's workloads (../shared/bench/peer-helpdesk/run.sh), loopback only.
#
#   bash bench/run.sh bench      # ceiling, W1, W2, W3 for each WORKERS value
#   bash bench/run.sh pgbench    # database insert ceiling, 8 clients
#   bash bench/run.sh summary    # medians table from $OUT/results.jsonl (+ the peer's, if found)
#
# Environment (defaults in brackets), the same knobs as the peer's harness:
#   LABEL [cases count]  WORKERS ["2 4"]  REPS [3]  DUR [20] seconds per wrk run
#   DUR_SLOW [$DUR] for the list endpoints  CONNS [8]  W3_N [5]  W3_WORKERS [first of WORKERS]
#   WORKLOADS ["ping queue api search w1 alone w3"]  ALONE_N [20] requests per page in "alone"
#   OUT [~/.cache/promesa-bench/out]  PORT [8002]
#   DATABASE_URL [postgres://postgres@127.0.0.1:5432/promesa_bench]
#   BENCH_SECRET_KEY [a fixed benchmark-only key]  PEER_OUT [~/.cache/promesa-peer/out]
# Only the server started here is stopped, by its PID.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
VENV=${VENV:-$ROOT/.venv}
PY="$VENV/bin/python"
PROMESA="$VENV/bin/promesa"
HOST=127.0.0.1
PORT=${PORT:-8002}
BASE="http://$HOST:$PORT"
WORKERS=${WORKERS:-"2 4"}
WORKLOADS=${WORKLOADS:-"ping queue api search w1 alone w3"}
ALONE_N=${ALONE_N:-20}
REPS=${REPS:-3}
DUR=${DUR:-20}
DUR_SLOW=${DUR_SLOW:-$DUR}
CONNS=${CONNS:-8}
W3_N=${W3_N:-5}
OUT=${OUT:-$HOME/.cache/promesa-bench/out}
PEER_OUT=${PEER_OUT:-${PEER_HOME:-$HOME/.cache/promesa-peer}/out}
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/promesa_bench}
RES="$OUT/results.jsonl"
mkdir -p "$OUT/lua" "$OUT/raw" "$OUT/var"

# Production settings, as `promesa serve` runs them, minus TLS: the benchmark speaks plain
# HTTP on the loopback, so the HTTPS redirect is off; e-mail goes nowhere.
export PROMESA_ENV=production
export SECRET_KEY=${BENCH_SECRET_KEY:-bench-only-secret-key-never-deploy-0123456789abcdef}
export TRACKING_CODE_KEY=${BENCH_TRACKING_CODE_KEY:-bench-only-tracking-key-never-deploy-0123456789abcdef}
export ALLOWED_HOSTS=127.0.0.1
export SECURE_SSL_REDIRECT=false
export EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend
export PROMESA_BENCH_PING=1
export PROMESA_VAR_DIR="$OUT/var"
export LOG_LEVEL=${LOG_LEVEL:-WARNING}
export DJANGO_SETTINGS_MODULE=config.settings

want() { [[ " $WORKLOADS " == *" $1 "* ]]; }
log() { echo "[$(date +%H:%M:%S)] $*" | tee -a "$OUT/run.log" >&2; }
stats() { (cd "$ROOT" && "$PY" -m bench.stats "$@"); }
cases() { psql "$DATABASE_URL" -qAtX -c "SELECT count(*) FROM cases_case"; }
emit() { echo "$1" >> "$RES"; }

# ------------------------------------------------------------------ lua
write_lua() {
cat > "$OUT/lua/report.lua" <<'LUA'
-- One machine-readable line with wrk's percentiles at the end of a run.
report = function(summary, latency)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_s":%.3f,"rps":%.2f,"non2xx3xx":%d,' ..
    '"err_connect":%d,"err_read":%d,"err_write":%d,"err_timeout":%d,' ..
    '"p50_ms":%.2f,"p95_ms":%.2f,"p99_ms":%.2f,"max_ms":%.2f,"mean_ms":%.2f}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, latency.mean / 1000))
end
done = function(summary, latency, requests) report(summary, latency) end
LUA

cat > "$OUT/lua/intake.lua" <<'LUA'
-- W1: POST /api/v1/cases with a random Spanish-like request; counts the 201s it receives.
dofile(os.getenv("REPORT_LUA"))
local words = {}
for w in string.gmatch([[el la los de del en con por para que cuando donde pero porque muy ya
 también nunca siempre cliente usuario servicio factura cobro pago recibo cuenta contrato
 medidor lectura consumo tarifa valor saldo recargo acueducto energía alcantarillado gas aseo
 conexión suspensión corte daño fuga calle barrio dirección teléfono correo llamada oficina
 asesor técnico visita revisión radicado solicitud petición queja reclamo respuesta plazo
 documento copia certificado información aclaración corrección devolución problema error
 demora retraso he hemos fue estaba tengo quiero solicito pido espero necesito recibí llegó
 cobraron suspendieron cortaron revisaron informaron corregir revisar verificar devolver
 urgente pendiente incorrecto excesivo nuevamente lamentablemente gracias favor atentamente]],
 "%S+") do
  words[#words + 1] = w
end
local kinds = {"peticion", "queja", "reclamo", "reclamo", "sugerencia", "denuncia", "felicitacion"}
local touchpoints = {}
for t in string.gmatch(os.getenv("TOUCHPOINTS") or "", "[^,]+") do touchpoints[#touchpoints + 1] = t end
local headers = {["Content-Type"] = "application/json",
                 ["Authorization"] = "Bearer " .. os.getenv("INTAKE_TOKEN")}
local seeded = false
local threads = {}

local function text(lo, hi)
  local n, t, len = math.random(lo, hi), {}, 0
  while len < n do
    local w = words[math.random(#words)]
    t[#t + 1] = w
    len = len + #w + 1
  end
  local s = table.concat(t, " ")
  return s:sub(1, 1):upper() .. s:sub(2) .. "."
end

setup = function(thread) threads[#threads + 1] = thread end
init = function(args) created = 0; other = 0 end

request = function()
  if not seeded then
    math.randomseed(os.time() + math.floor(os.clock() * 1e6))
    seeded = true
  end
  local touchpoint = ""
  if #touchpoints > 0 and math.random() < 0.7 then
    touchpoint = string.format(', "touchpoint": "%s"', touchpoints[math.random(#touchpoints)])
  end
  local n = math.random(1, 200000)
  local body = string.format(
    '{"kind": "%s", "request_type": "peticion_general", "channel": "api", ' ..
    '"requester": {"full_name": "Cliente %d", "email": "cliente%d@example.com", ' ..
    '"consent_given": true}, "subject": "%s", "description": "%s"%s}',
    kinds[math.random(#kinds)], n, n, text(30, 80), text(300, 1500), touchpoint)
  return wrk.format("POST", "/api/v1/cases", headers, body)
end

response = function(status, headers, body)
  if status == 201 then created = created + 1 else other = other + 1 end
end

done = function(summary, latency, requests)
  report(summary, latency)
  local c, o = 0, 0
  for _, t in ipairs(threads) do c = c + t:get("created"); o = o + t:get("other") end
  io.write(string.format('WRK_STATUS {"201": %d, "other": %d}\n', c, o))
end
LUA
}

# ------------------------------------------------------------------ server
GPID=""
# Idle = the server's processes used < 0.15 CPU-seconds in 1 s, twice. Sync workers keep
# serving what wrk left in the listen backlog; that tail must not leak into the next run.
drain() {
  local ok=0 a b t0=$SECONDS
  while [ $ok -lt 2 ] && [ $((SECONDS - t0)) -lt 120 ]; do
    a=$(stats cpu "${GPID:-1}" | awk '{print $1}')
    sleep 1
    b=$(stats cpu "${GPID:-1}" | awk '{print $1}')
    if awk -v a="$a" -v b="$b" 'BEGIN{exit !((b - a) < 0.15)}'; then ok=$((ok + 1)); else ok=0; fi
  done
  [ $((SECONDS - t0)) -gt 3 ] && log "drained backlog in $((SECONDS - t0))s"
  return 0
}

start_server() {
  local w=$1 cmd
  if (cd "$ROOT" && "$PROMESA" help serve >/dev/null 2>&1); then
    cmd=("$PROMESA" serve --workers "$w" --bind "$HOST:$PORT" --no-collectstatic)
  else
    # Until `promesa serve` is merged: the same WSGI server, started directly.
    log "promesa serve is not available on this branch; starting gunicorn directly"
    cmd=("$VENV/bin/gunicorn" config.wsgi:application --workers "$w" --bind "$HOST:$PORT"
         --timeout 600 --graceful-timeout 5 --no-control-socket)
  fi
  (cd "$ROOT" && exec "${cmd[@]}") >> "$OUT/server-$LABEL-w$w.log" 2>&1 &
  GPID=$!
  for _ in $(seq 1 100); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/bench/ping/")" = 200 ] &&
       [ "$(stats workers "$GPID" | wc -w)" -ge "$w" ]; then
      log "server up: pid=$GPID workers=$(stats workers "$GPID")"
      return 0
    fi
    sleep 0.3
  done
  log "the server did not start; see $OUT/server-$LABEL-w$w.log"
  return 1
}

stop_server() {
  if [ -n "$GPID" ] && kill -0 "$GPID" 2>/dev/null; then
    kill -TERM "$GPID"
    wait "$GPID" 2>/dev/null || true
    log "server $GPID stopped"
  fi
  GPID=""
}
trap stop_server EXIT

# ------------------------------------------------------------------ measuring
wrk_run() {  # name workers rep duration url [wrk args...]
  local name=$1 w=$2 rep=$3 dur=$4 url=$5
  shift 5
  local raw="$OUT/raw/$LABEL-w$w-$name-$rep.txt" c0 c1
  drain
  c0=$(stats cpu "$GPID")
  wrk -t1 -c"$CONNS" -d"${dur}s" --timeout 300s "$@" "$url" > "$raw" 2>&1 || true
  c1=$(stats cpu "$GPID")
  stats wrk "$raw" "$c0" "$c1" "workload=$name" "workers=$w" "rep=$rep" "label=$LABEL" \
    "cases=$NC" >> "$RES"
  log "$name w=$w rep=$rep: $(tail -1 "$RES" | "$PY" -c 'import json,sys; d=json.load(sys.stdin); print("%(rps).1f req/s p50=%(p50_ms)sms p95=%(p95_ms)sms p99=%(p99_ms)sms non2xx=%(non2xx3xx)s cpu server/pg/all=%(cpu_server_s)s/%(cpu_postgres_s)s/%(cpu_total_s)ss" % d)')"
}

expect() {  # code url [curl args]
  local want=$1 url=$2 got
  shift 2
  got=$(curl -s -o /dev/null -w '%{http_code}' --max-time 120 "$@" "$url")
  [ "$got" = "$want" ] || { log "expected $want from $url, got $got"; return 1; }
}

sequential() {  # name workers url header [count]
  local name=$1 w=$2 url=$3 cookie=$4 n=${5:-$W3_N} times="" r code
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 590 -H "$cookie" "$url")
  if [ "$code" = 404 ]; then
    log "$name: $url answers 404 (not built on this branch yet); skipped"
    emit "{\"workload\":\"$name\",\"label\":\"$LABEL\",\"workers\":$w,\"skipped\":\"404\"}"
    return 0
  fi
  for i in $(seq 1 "$n"); do
    r=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 590 -H "$cookie" "$url")
    [ "${r%% *}" = 200 ] || log "$name got ${r%% *}"
    times="$times ${r##* }"
    [ "$n" -gt 10 ] || log "$name #$i: $r"
  done
  # shellcheck disable=SC2086
  stats seq "$name" "workers=$w" "label=$LABEL" "cases=$NC" -- $times >> "$RES"
}

bench() {
  write_lua
  NC=$(cases)
  LABEL=${LABEL:-c$NC}
  (cd "$ROOT" && "$PROMESA" collectstatic --noinput -v0)
  local creds
  creds=$("$ROOT/bench/seed" creds)
  field() { echo "$creds" | "$PY" -c "import json,sys; v=json.load(sys.stdin)['$1']; print(','.join(v) if isinstance(v, list) else v)"; }
  export INTAKE_TOKEN AGENT_TOKEN TOUCHPOINTS REPORT_LUA="$OUT/lua/report.lua"
  INTAKE_TOKEN=$(field intake_token)
  AGENT_TOKEN=$(field agent_token)
  TOUCHPOINTS=$(field touchpoints)
  local agent_cookie="Cookie: sessionid=$(field agent_session)"
  local manager_cookie="Cookie: sessionid=$(field manager_session)"
  local lead_cookie="Cookie: sessionid=$(field lead_session)"
  local word
  word=$(field search_word)
  local api_auth="Authorization: Bearer $AGENT_TOKEN"
  local W3_WORKERS=${W3_WORKERS:-${WORKERS%% *}}
  log "=== bench label=$LABEL cases=$NC workers=[$WORKERS] reps=$REPS dur=${DUR}s conns=$CONNS agent=$(field agent) manager=$(field manager)"

  for w in $WORKERS; do
    start_server "$w"
    # checks and warm-up, not measured
    expect 200 "$BASE/bench/ping/"
    expect 200 "$BASE/trabajo/?cola=mi-area" -H "$agent_cookie"
    expect 200 "$BASE/api/v1/cases" -H "$api_auth"
    for _ in 1 2 3 4; do
      curl -s -o /dev/null "$BASE/bench/ping/"
      curl -s -o /dev/null -H "$agent_cookie" "$BASE/trabajo/?cola=mi-area"
      curl -s -o /dev/null -H "$api_auth" "$BASE/api/v1/cases"
    done

    want ping && for rep in $(seq 1 "$REPS"); do
      wrk_run ceiling_ping "$w" "$rep" "$DUR" "$BASE/bench/ping/" -s "$OUT/lua/report.lua"
    done
    want queue && for rep in $(seq 1 "$REPS"); do
      wrk_run w2_queue_html "$w" "$rep" "$DUR" "$BASE/trabajo/?cola=mi-area" \
        -s "$OUT/lua/report.lua" -H "$agent_cookie"
    done
    want api && for rep in $(seq 1 "$REPS"); do
      wrk_run w2_api_list "$w" "$rep" "$DUR_SLOW" "$BASE/api/v1/cases" \
        -s "$OUT/lua/report.lua" -H "$api_auth"
    done
    want search && for rep in $(seq 1 "$REPS"); do
      wrk_run w2_search_html "$w" "$rep" "$DUR_SLOW" "$BASE/trabajo/?cola=mi-area&q=$word" \
        -s "$OUT/lua/report.lua" -H "$agent_cookie"
      wrk_run w2_search_api "$w" "$rep" "$DUR_SLOW" "$BASE/api/v1/cases?q=$word" \
        -s "$OUT/lua/report.lua" -H "$api_auth"
    done
    want w1 && for rep in $(seq 1 "$REPS"); do
      local before after
      before=$(cases)
      wrk_run w1_intake "$w" "$rep" "$DUR" "$BASE/" -s "$OUT/lua/intake.lua"
      drain  # the requests still in flight when wrk stopped finish before counting
      after=$(cases)
      "$PY" - "$RES" "$before" "$after" "$CONNS" <<'PY'
import json, sys
path, before, after, conns = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
lines = open(path).read().splitlines()
d = json.loads(lines[-1])
acknowledged = d.get("status_counts", {}).get("201", 0)
d["created_rows"] = after - before
d["created_per_s"] = round(d["created_rows"] / d["duration_s"], 2)
# Every 201 is a committed case; up to one request per connection may still have been in
# flight when wrk stopped, and it commits without wrk seeing its answer.
d["all_acknowledged_persisted"] = acknowledged <= d["created_rows"] <= acknowledged + conns
lines[-1] = json.dumps(d)
open(path, "w").write("\n".join(lines) + "\n")
PY
      log "w1_intake w=$w rep=$rep: cases $before -> $after (+$((after - before))), $(tail -1 "$RES" | "$PY" -c 'import json,sys; d=json.load(sys.stdin); print("201s=%s persisted_ok=%s" % (d["status_counts"]["201"], d["all_acknowledged_persisted"]))')"
    done
    if want w1 || want queue || want api; then
      emit "{\"workload\":\"rss_after_w1w2\",\"label\":\"$LABEL\",\"cases\":$NC,\"workers\":$w,\"rss_mib\":\"$(stats rss "$GPID")\"}"
      log "RSS after W1/W2 (MiB): $(stats rss "$GPID")"
    fi

    # Each queue's first page, a search and the API alone, one request at a time: the time a
    # person waits when the server is not busy (issue 5 asks for well under 100 ms).
    if [ "$w" = "$W3_WORKERS" ] && want alone; then
      drain
      local queue
      for queue in mis-casos mi-area sin-asignar por-vencer vencidos; do
        sequential "alone_queue_$queue" "$w" "$BASE/trabajo/?cola=$queue" "$agent_cookie" "$ALONE_N"
      done
      sequential alone_manager_queue_mi-area "$w" "$BASE/trabajo/?cola=mi-area" "$manager_cookie" "$ALONE_N"
      sequential alone_search_html "$w" "$BASE/trabajo/?cola=mi-area&q=$word" "$agent_cookie" "$ALONE_N"
      sequential alone_search_two_words_html "$w" "$BASE/trabajo/?cola=mi-area&q=$word+cobro" "$agent_cookie" "$ALONE_N"
      sequential alone_api_list "$w" "$BASE/api/v1/cases" "$api_auth" "$ALONE_N"
      sequential alone_api_search "$w" "$BASE/api/v1/cases?q=$word" "$api_auth" "$ALONE_N"
    fi

    if [ "$w" = "$W3_WORKERS" ] && want w3; then
      drain
      sequential w3_dashboard "$w" "$BASE/trabajo/tablero/" "$manager_cookie"
      # The same page for a quality lead, who sees the whole organization.
      sequential w3_dashboard_whole_org "$w" "$BASE/trabajo/tablero/" "$lead_cookie"
      emit "{\"workload\":\"rss_after_w3\",\"label\":\"$LABEL\",\"cases\":$NC,\"workers\":$w,\"rss_mib\":\"$(stats rss "$GPID")\"}"
      log "RSS after W3 (MiB): $(stats rss "$GPID")"
    fi
    stop_server
  done
}

# ------------------------------------------------------------------ pgbench
pgbench_ceiling() {
  psql "$DATABASE_URL" -qX -v ON_ERROR_STOP=1 <<'SQL'
DROP TABLE IF EXISTS bench_pgb_case;
CREATE TABLE bench_pgb_case (
  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  subject varchar(200) NOT NULL, received_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL, email varchar(254), status varchar(20) NOT NULL,
  description text NOT NULL, priority varchar(10) NOT NULL, area_id bigint NOT NULL,
  assignee_id bigint, public_id uuid NOT NULL);
CREATE INDEX ON bench_pgb_case (area_id);
CREATE INDEX ON bench_pgb_case (assignee_id);
SQL
  cat > "$OUT/pgb_insert.sql" <<'SQL'
\set len random(300, 1500)
\set area random(1, 30)
\set c random(1, 200000)
INSERT INTO bench_pgb_case (subject, received_at, updated_at, email, status, description,
                            priority, area_id, assignee_id, public_id)
VALUES ('Cobro doble en la factura del mes de marzo', now(), now(),
        'cliente' || :c || '@example.com', 'filed',
        left(repeat('Me cobraron dos veces el consumo del mes y solicito la revisión. ', 25), :len),
        'normal', :area, NULL, gen_random_uuid());
SQL
  for rep in $(seq 1 "$REPS"); do
    local raw="$OUT/raw/pgbench-$rep.txt" tps lat
    pgbench -n -c 8 -j 2 -T "$DUR" -f "$OUT/pgb_insert.sql" "$DATABASE_URL" > "$raw" 2>&1
    tps=$(grep -Eo 'tps = [0-9.]+' "$raw" | head -1 | awk '{print $3}')
    lat=$(grep -Eo 'latency average = [0-9.]+' "$raw" | awk '{print $4}')
    emit "{\"workload\":\"ceiling_pgbench_insert\",\"rep\":$rep,\"tps\":$tps,\"latency_avg_ms\":$lat,\"clients\":8}"
    log "pgbench rep=$rep tps=$tps latency_avg=${lat}ms"
  done
  psql "$DATABASE_URL" -qX -c "DROP TABLE bench_pgb_case"
}

case "${1:-bench}" in
  bench) bench ;;
  pgbench) pgbench_ceiling ;;
  summary) stats summary "$RES" "$PEER_OUT/results.jsonl" ;;
  *) echo "usage: $0 bench|pgbench|summary" >&2; exit 2 ;;
esac
