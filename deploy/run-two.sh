#!/usr/bin/env bash
# Serve the dashboard from two Streamlit processes behind nginx with sticky sessions, on this
# machine: http://127.0.0.1:${PORT:-8080}. Ctrl-C stops all three. Needs nginx (apt-get install nginx).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-8080}
PY=${PY:-.venv/bin/python}
prefix=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; nginx -p "$prefix" -c "$prefix/nginx.conf" -s stop 2>/dev/null; rm -rf "$prefix"' EXIT
for p in 8501 8502; do
  "$PY" -m streamlit run server.py --server.port "$p" --server.address 127.0.0.1 &
done
PAGES=$("$PY" -c "from components.core.routes import ROUTES; print('|'.join(r.url_path for r in ROUTES if r.url_path))")
BACKENDS="server 127.0.0.1:8501; server 127.0.0.1:8502;" LISTEN="127.0.0.1:$PORT" PREFIX="$prefix" \
  PAGES="$PAGES" envsubst '${BACKENDS} ${LISTEN} ${PREFIX} ${PAGES}' < deploy/nginx.conf.template > "$prefix/nginx.conf"
nginx -p "$prefix" -c "$prefix/nginx.conf" -g 'daemon off;' &
echo "Tug of War on http://127.0.0.1:$PORT (two processes behind nginx)"
wait
