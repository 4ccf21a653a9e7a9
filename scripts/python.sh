#!/usr/bin/env bash
# Print the path of a Python 3.13 interpreter, or fail saying what is needed.
set -euo pipefail
candidates=(python3.13)
pyenv_root="$(pyenv root 2>/dev/null || echo "${PYENV_ROOT:-$HOME/.pyenv}")"
for p in "$pyenv_root"/versions/3.13*/bin/python3; do candidates+=("$p"); done
candidates+=(python3)
for candidate in "${candidates[@]}"; do
  if "$candidate" -c 'import sys; sys.exit(0 if sys.version_info[:2] >= (3, 13) else 1)' >/dev/null 2>&1; then
    command -v "$candidate" || echo "$candidate"
    exit 0
  fi
done
echo "This project needs Python 3.13 (python3.13 on PATH, or pyenv with a 3.13 version)." >&2
exit 1
