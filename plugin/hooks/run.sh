#!/bin/sh
# Claude Code runs memsync's plugin hooks through this script: Claude Code itself needs no Node.js,
# so a machine may have no `node` (or one too old for memsync). Then SessionStart says so in one
# message, and every hook exits 0: a hook never breaks a session.
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
if [ "$event" = session-start ]; then
  # `node --version` answers before Node starts its engine: the check costs next to nothing.
  version=$(node --version 2>/dev/null)
  major=${version#v}
  major=${major%%.*}
  [ "${major:-0}" -ge 20 ] 2>/dev/null || say "node on PATH is ${version:-unusable}: $need"
fi
# Stop and prompt run with every turn: no version check there (hook.cjs exits quietly on an old Node).
exec node "$root/dist/hook.cjs" "$event"
