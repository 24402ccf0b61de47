# Shared by local/drill, local/test and .ci/run: find a JDK >= 21 and the Node tools.
# shellcheck shell=bash

java_major() {
  "$1/bin/java" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}'
}

# Sets JAVA_HOME to a JDK >= 21: the current JAVA_HOME, the java on PATH, or one under /usr/lib/jvm.
find_jdk() {
  local candidate
  for candidate in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")" /usr/lib/jvm/*; do
    if [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] && [ "$(java_major "$candidate")" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  echo "error: no JDK 21 or newer found (set JAVA_HOME, or install one under /usr/lib/jvm)" >&2
  return 1
}

# Installs the ASL engine, the ASL validator and Node 22 into local/runner when missing or stale.
ensure_node_tools() {
  local runner="$1/local/runner"
  if [ ! -x "$runner/node_modules/.bin/node" ] || [ "$runner/package-lock.json" -nt "$runner/node_modules/.package-lock.json" ]; then
    echo "Installing the local ASL runner (aws-local-stepfunctions, asl-validator, Node 22) ..." >&2
    (cd "$runner" && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
  "$runner/node_modules/.bin/node" -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 22 ? 0 : 1)' || {
    echo "error: local/runner has no Node >= 22" >&2
    return 1
  }
}

# ensure_sandbox_build ROOT: builds the functions and the sandbox when sources changed since the
# last build, and sets BUILD (local/.build) and SANDBOX_CLASSPATH for running their classes.
ensure_sandbox_build() {
  local root="$1"
  BUILD="$root/local/.build"
  mkdir -p "$BUILD"
  if [ ! -f "$BUILD/classpath.txt" ] || [ -n "$(find "$root/functions" "$root/local/sandbox" \
      \( -name '*.java' -o -name 'pom.xml' -o -name '*.xml' -o -name '*.properties' -o -name '*.json' \) \
      -newer "$BUILD/classpath.txt" -not -path '*/target/*' -print -quit)" ]; then
    echo "Building the functions and the sandbox (first run, or sources changed) ..." >&2
    (cd "$root" && mvn -B -q -DskipTests -pl local/sandbox -am install -Dmaven.install.skip=true \
        dependency:build-classpath -Dmdep.outputFile="$BUILD/deps.txt" >&2) || {
      # dependency:build-classpath runs per module; the sandbox's list is the one written last.
      echo "error: the build failed" >&2; exit 1; }
    echo "$root/local/sandbox/target/classes:$root/functions/target/classes:$(cat "$BUILD/deps.txt")" > "$BUILD/classpath.txt"
  fi
  SANDBOX_CLASSPATH="$(cat "$BUILD/classpath.txt")"
}

# The cfn-lint version the lint is pinned to: a release adds rules and changes findings, so a
# fresh machine installs this one (bump it together with the Metadata ignores in template.yaml).
CFN_LINT_VERSION=1.51.0

# find_cfn_lint [ROOT]: sets CFN_LINT (the cfn-lint command) and CFN_LINT_PYTHON (a Python that
# imports cfnlint, for local/lint_state_machines.py), or fails saying exactly what to install.
# A cfn-lint on PATH is used as it is. Without one, cfn-lint $CFN_LINT_VERSION is installed with
# pip into the project's virtual environment local/.venv (git-ignored); when pip cannot download
# it, local/.venv is made over a Python that already has that version (python3, or one of pyenv's).
find_cfn_lint() {
  local root="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
  CFN_LINT="$(command -v cfn-lint 2>/dev/null || true)"
  if [ -z "$CFN_LINT" ]; then
    local venv="$root/local/.venv"
    if ! venv_has_cfn_lint "$venv"; then
      echo "cfn-lint is not on PATH: installing cfn-lint $CFN_LINT_VERSION into local/.venv ..." >&2
      install_cfn_lint "$venv" || return 1
    fi
    CFN_LINT="$venv/bin/cfn-lint"
  elif [ "$("$CFN_LINT" --version 2>/dev/null | awk '{print $2}')" != "$CFN_LINT_VERSION" ]; then
    echo "warning: $CFN_LINT is not cfn-lint $CFN_LINT_VERSION, the version the lint is pinned to; its findings may differ" >&2
  fi
  CFN_LINT_PYTHON=python3
  local shebang
  shebang="$(head -n 1 "$CFN_LINT" 2>/dev/null || true)"
  if [[ "$shebang" == '#!'*python* ]]; then
    CFN_LINT_PYTHON="${shebang#\#!}"
  fi
  if ! $CFN_LINT_PYTHON -c 'import cfnlint' 2>/dev/null; then
    echo "error: $CFN_LINT_PYTHON cannot import cfnlint (the package of $CFN_LINT); install cfn-lint for it" >&2
    return 1
  fi
}

# venv_has_cfn_lint VENV: whether VENV runs cfn-lint $CFN_LINT_VERSION.
venv_has_cfn_lint() {
  [ -x "$1/bin/cfn-lint" ] && [ "$("$1/bin/cfn-lint" --version 2>/dev/null | awk '{print $2}')" = "$CFN_LINT_VERSION" ]
}

# The Pythons to build local/.venv from, best first: python3 on PATH, the system's, pyenv's.
python_candidates() {
  local py
  for py in "$(command -v python3 2>/dev/null || true)" /usr/bin/python3 /usr/local/bin/python3 \
      "${PYENV_ROOT:-$HOME/.pyenv}"/versions/*/bin/python3; do
    # cfn-lint 1.x needs Python 3.9 or newer.
    if [ -n "$py" ] && [ -x "$py" ] && "$py" -c 'import sys; sys.exit(sys.version_info < (3, 9))' 2>/dev/null; then
      echo "$py"
    fi
  done | awk '!seen[$0]++'
}

# install_cfn_lint VENV: makes VENV run cfn-lint $CFN_LINT_VERSION, or fails saying what to install.
install_cfn_lint() {
  local venv="$1" py log
  local -a pythons
  log="$(mktemp)"
  mapfile -t pythons < <(python_candidates)
  for py in "${pythons[@]}"; do
    rm -rf "$venv"
    # A Python without venv/ensurepip (Debian without python3-venv) cannot: try the next one.
    "$py" -m venv "$venv" >>"$log" 2>&1 || continue
    if "$venv/bin/python" -m pip install --quiet --retries 1 "cfn-lint==$CFN_LINT_VERSION" >>"$log" 2>&1 \
        && venv_has_cfn_lint "$venv"; then
      echo "installed cfn-lint $CFN_LINT_VERSION into local/.venv (with $py)" >&2
      rm -f "$log"
      return 0
    fi
    break # pip in a working venv reached no index: from another Python it would not either
  done
  # No download: reuse the pinned cfn-lint a Python on this machine already has, through a venv
  # that sees that Python's packages, with the console script pip would have written.
  for py in "${pythons[@]}"; do
    if [ "$("$py" -c 'import importlib.metadata as m; print(m.version("cfn-lint"))' 2>/dev/null)" = "$CFN_LINT_VERSION" ]; then
      rm -rf "$venv"
      if "$py" -m venv --without-pip --system-site-packages "$venv" >>"$log" 2>&1; then
        printf '#!%s\nimport sys\nfrom cfnlint.runner import main\nsys.exit(main())\n' "$venv/bin/python" >"$venv/bin/cfn-lint"
        chmod +x "$venv/bin/cfn-lint"
        if venv_has_cfn_lint "$venv"; then
          echo "pip could not install cfn-lint (no package index reached); local/.venv reuses the cfn-lint $CFN_LINT_VERSION of $py" >&2
          rm -f "$log"
          return 0
        fi
      fi
    fi
  done
  rm -rf "$venv"
  echo "error: cfn-lint is not on PATH and cfn-lint $CFN_LINT_VERSION could not be installed into local/.venv." >&2
  if [ "${#pythons[@]}" -eq 0 ]; then
    echo "  No Python 3.9 or newer was found: install one (Debian/Ubuntu: apt-get install python3 python3-venv)." >&2
  else
    echo "  Last lines of what was tried (with ${pythons[0]}):" >&2
    tail -n 5 "$log" | sed 's/^/    /' >&2
  fi
  echo "  Install it and run again:  python3 -m pip install 'cfn-lint==$CFN_LINT_VERSION'" >&2
  echo "  (Python 3.9 or newer; it brings aws-sam-translator; its cfn-lint must then be on PATH)," >&2
  echo "  or make 'python3 -m venv' work (Debian/Ubuntu: apt-get install python3-venv) and let pip reach PyPI." >&2
  rm -f "$log"
  return 1
}
