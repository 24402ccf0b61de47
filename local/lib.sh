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

# Sets CFN_LINT (the cfn-lint command) and CFN_LINT_PYTHON (a Python that imports cfnlint, for
# local/lint_state_machines.py), or fails saying what is missing.
find_cfn_lint() {
  CFN_LINT="$(command -v cfn-lint 2>/dev/null || true)"
  if [ -z "$CFN_LINT" ]; then
    echo "error: cfn-lint is not on PATH; install it (pip install cfn-lint, which brings aws-sam-translator) and run again" >&2
    return 1
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
