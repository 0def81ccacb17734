
// src/util/progress.ts
var NONE = { tick: () => void 0, end: () => void 0 };
var EVERY_MS = 100;
var afterMs = null;
var visible = false;
function enableProgress(on, env = process.env) {
  const after = Number(env.MEMSYNC_PROGRESS_AFTER_MS ?? 1e3);
  afterMs = on && process.stderr.isTTY && Number.isFinite(after) ? after : null;
}
function progress(what) {
  if (afterMs === null) return NONE;
  const start = performance.now();
  const wait = afterMs;
  let shownAt = -Infinity;
  return {
    tick(done, total) {
      const now = performance.now();
      if (now - start < wait || now - shownAt < EVERY_MS) return;
      shownAt = now;
      const of = total === void 0 ? "" : ` of ${total.toLocaleString("en")}`;
      process.stderr.write(`\r\x1B[2K${what}: ${done.toLocaleString("en")}${of}`);
      visible = true;
    },
    end: endProgress
  };
}
function endProgress() {
  if (visible) process.stderr.write("\r\x1B[2K");
  visible = false;
}

export {
  enableProgress,
  progress,
  endProgress
};
