#!/usr/bin/env bash
# Install everything the project needs, from its own files: Debian packages (when root),
# uv and the locked Python packages, the locked npm packages, and the front-end build.
set -euo pipefail
cd "$(dirname "$0")/.."

# chromium: browser tests. poppler-utils: reading PDFs back. docker-compose: validating the
# compose file. gettext: compiling translations. wrk: the load generator `make bench` drives the site with.
needed=()
command -v chromium >/dev/null 2>&1 || needed+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || needed+=(poppler-utils)
command -v docker-compose >/dev/null 2>&1 || needed+=(docker-compose)
command -v msgfmt >/dev/null 2>&1 || needed+=(gettext)
command -v wrk >/dev/null 2>&1 || needed+=(wrk)
if ((${#needed[@]})); then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing Debian packages: ${needed[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
  else
    echo "Missing packages (install them with sudo apt-get install ${needed[*]}): tests that need them will fail." >&2
  fi
fi

python="$(scripts/python.sh)"
if uv --version >/dev/null 2>&1; then
  uv=(uv)
else
  "$python" -m uv --version >/dev/null 2>&1 || "$python" -m pip install --quiet --disable-pip-version-check uv
  uv=("$python" -m uv)
fi
"${uv[@]}" sync --frozen --python "$python" --quiet

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npm run --silent build
