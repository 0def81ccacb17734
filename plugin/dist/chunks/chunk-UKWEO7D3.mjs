import {
  isPoller,
  pollerEnded,
  sessionsOpen
} from "./chunk-KRJUPHG7.mjs";
import {
  recordChange,
  recordPull
} from "./chunk-RCJZXW4M.mjs";
import {
  runSync
} from "./chunk-HSLNTJWN.mjs";
import {
  SyncBusy
} from "./chunk-WTWOWLG3.mjs";
import {
  loadHeader
} from "./chunk-KVTL3BT4.mjs";
import {
  openRepo
} from "./chunk-YQ235AGW.mjs";
import {
  ensureContext
} from "./chunk-IAMV2BUG.mjs";
import {
  logLine
} from "./chunk-TXJN6GBC.mjs";

// src/hooks/livePull.ts
async function livePull(env) {
  const { ctx } = await ensureContext(env);
  const every = ctx.settings.livePullSeconds * 1e3;
  let pulls = 0;
  try {
    while (every && await quietFor(ctx.home, every)) {
      if (!ctx.settings.autoSync || !ctx.settings.pullOnPrompt) break;
      await onePull(ctx);
      pulls++;
    }
  } finally {
    pollerEnded(ctx.home);
  }
  return { log: `live pull: ended after ${pulls} pulls (no session open)` };
}
async function quietFor(home, ms) {
  for (let left = ms; left > 0; left -= 1e3) {
    await new Promise((r) => setTimeout(r, Math.min(1e3, left)));
    if (!sessionsOpen(home) || !isPoller(home)) return false;
  }
  return true;
}
async function onePull(ctx) {
  const budget = ctx.settings.networkTimeoutMs;
  const deadline = setTimeout(() => {
    logLine(ctx.home, `live pull stopped: not finished within networkTimeoutMs (${budget} ms)`);
    pollerEnded(ctx.home);
    process.exit(1);
  }, budget);
  try {
    const before = (await loadHeader(ctx.home)).remoteTip;
    const report = await runSync(ctx, { mode: "pull", projects: [], lockWaitMs: 0 });
    const files = report.liveChanged.length;
    const hosts = files ? await hostsBetween(ctx, before, report.remoteTip) : [];
    recordPull(ctx.home, { at: Date.now(), files, hosts });
    if (!files) return;
    const seq = recordChange(ctx.home, { at: Date.now(), hosts, paths: report.liveChanged });
    logLine(ctx.home, `live pull ${seq}: ${files} files from ${hosts.join(", ") || "the remote"}`);
  } catch (e) {
    if (e instanceof SyncBusy) return;
    logLine(ctx.home, "live pull failed", e);
    recordPull(ctx.home, { at: Date.now(), files: 0, hosts: [], failed: e.message });
  } finally {
    clearTimeout(deadline);
  }
}
async function hostsBetween(ctx, from, to) {
  if (!to || from === to) return [];
  try {
    const repo = openRepo(ctx);
    return (await repo.authorsBetween(from, to)).filter((h) => h !== ctx.host);
  } catch {
    return [];
  }
}

export {
  livePull,
  hostsBetween
};
