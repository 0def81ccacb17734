#!/bin/sh
# Claude Code runs memsync's plugin hooks through this script: Claude Code itself needs no Node.js,
# so a machine may have no `node` (or one too old for memsync). Then SessionStart says so in one
# message, and every hook exits 0: a hook never breaks a session (hook.cjs itself always exits 0).
# Usage: sh run.sh session-start|prompt|stop|session-end
root="${0%/*}/.."
event=$1
need="memsync needs Node.js 20 or later on PATH (22.16 or later also syncs claude-mem with nothing else installed)"
say() {
  [ "$event" = session-start ] && printf '{"systemMessage":"memsync: %s; memory is not synced in this session"}\n' "$1"
  exit 0
}
command -v node >/dev/null 2>&1 || say "no node on PATH: $need"
# Tells memsync that the plugin's hooks are the ones running (see src/hooks/twice.ts).
MEMSYNC_HOOK_SOURCE=plugin
export MEMSYNC_HOOK_SOURCE
# hook.cjs checks Node's version itself, so no hook pays for a `node --version` first: on a Node too
# old for memsync SessionStart says so. One too old to even read hook.cjs fails, and then it is said here.
node "$root/dist/hook.cjs" "$event" && exit 0
code=$?
version=$(node --version 2>/dev/null)
major=${version#v}
major=${major%%.*}
[ "${major:-0}" -ge 20 ] 2>/dev/null && say "its hook stopped (node exit $code)"
say "node on PATH is ${version:-unusable}: $need"
