
// src/sync/fetchedTip.ts
async function fetchedTip(ctx, repo, notes, timeoutMs = ctx.settings.networkTimeoutMs) {
  await repo.ensure(ctx.settings.remote);
  try {
    return { tip: await repo.fetch(timeoutMs), offline: false };
  } catch (e) {
    notes.push(`remote not reached (${e.message}); showing the history as of the last fetch`);
    return { tip: await repo.localTip(), offline: true };
  }
}

export {
  fetchedTip
};
