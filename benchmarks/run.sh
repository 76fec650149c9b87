#!/bin/sh
# Serve the benchmark database with gunicorn as in production (2 workers, DEBUG off) and
# time the pages (benchmarks/README.md):
#   benchmarks/run.sh DATABASE_URL BENCH_JSON [pages.py options, e.g. --rounds 50 --queries]
# Stops its gunicorn when done. Port: BENCH_PORT (default 8765).
set -eu
cd "$(dirname "$0")/.."
database_url=$1
data=$2
shift 2
port=${BENCH_PORT:-8765}
work=${BENCH_WORK:-/tmp/ruggensteun-bench-$port}
mkdir -p "$work"
export DEBUG=false
export SECRET_KEY="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')"
export ALLOWED_HOSTS=127.0.0.1 CSRF_TRUSTED_ORIGINS=https://127.0.0.1 SITE_URL=https://127.0.0.1
export DATABASE_URL="$database_url"
export RUGGENSTEUN_VAR_DIR="$work/var" STATIC_ROOT="$work/static" MEDIA_ROOT="$work/media"
export EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend
.venv/bin/python manage.py collectstatic --noinput --verbosity 0
# /gezond/ (the floor) answers 503 when a periodic job is late: the 15-minute one runs
# here as its timer would (it queues the reminders due now; no worker sends them).
.venv/bin/python manage.py send_daily_reminders
.venv/bin/gunicorn ruggensteun.wsgi --bind "127.0.0.1:$port" --workers 2 \
  --error-logfile "$work/error.log" &
gunicorn_pid=$!
# One task worker beside it, as deploy/compose.yaml runs one: it draws the PDFs and makes
# the large exports the pages queue.
.venv/bin/python manage.py db_worker --worker-id "bench-$port" --interval 1 --no-reload \
  >"$work/worker.log" 2>&1 &
worker_pid=$!
trap 'kill -TERM $gunicorn_pid $worker_pid; wait $gunicorn_pid $worker_pid 2>/dev/null || true' EXIT
for _ in $(seq 60); do
  .venv/bin/python -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$port/gezond/')" \
    2>/dev/null && break
  sleep 0.5
done
.venv/bin/python benchmarks/pages.py --server "127.0.0.1:$port" --data "$data" "$@"
