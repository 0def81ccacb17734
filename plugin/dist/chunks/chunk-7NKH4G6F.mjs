
// src/util/now.ts
function now(env = process.env) {
  const start = env.MEMSYNC_NOW ? Date.parse(env.MEMSYNC_NOW) : Number.NaN;
  return new Date(Number.isNaN(start) ? Date.now() : start + Math.floor(performance.now()));
}

export {
  now
};
