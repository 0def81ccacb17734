/**
 * The wall clock of backups and their schedule, read in this one place. MEMSYNC_NOW is for tests only
 * (an ISO time this process's clock starts from, so a test can move a schedule across days without
 * moving the clock the locks compare file times with); it is not a setting: settings.json and the
 * plugin cannot set it.
 */
export function now(env: NodeJS.ProcessEnv = process.env): Date {
  const start = env.MEMSYNC_NOW ? Date.parse(env.MEMSYNC_NOW) : Number.NaN;
  return new Date(Number.isNaN(start) ? Date.now() : start + Math.floor(performance.now()));
}
