import fs from 'node:fs';

/** Whether a process of this machine is running (EPERM: it runs, as another user). */
export function alive(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * When a process started, as this system tells it: the boot and the start time in clock ticks
 * since boot (/proc/<pid>/stat), which a later process given the same pid does not share, whatever
 * the clock says. null where there is no /proc (macOS), or the process is gone or has exited.
 */
export function processStart(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (in parentheses) may hold spaces: the fields are counted after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z' || fields[0] === 'X') return null;
    return `${bootId()}:${fields[19]}`;
  } catch {
    return null;
  }
}

let boot: string | undefined;
function bootId(): string {
  boot ??= fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  return boot;
}

/**
 * What to record beside `pid` (sameProcess): its start; null where the system does not tell starts
 * (then the pid alone is trusted); for a process already gone, a start no process has, so a bare
 * pid is never trusted where starts can be told.
 */
export function startToRecord(pid: number): string | null {
  return processStart(pid) ?? (fs.existsSync('/proc/self/stat') ? 'gone' : null);
}

/**
 * Whether the process recorded as `pid`, started at `since` (processStart when it was recorded),
 * still runs: a pid alone may by now belong to any other process. `since` null: nothing but the pid
 * was recorded (a system without /proc), so the pid is all there is to go on.
 */
export function sameProcess(pid: number, since: string | null): boolean {
  if (!alive(pid)) return false;
  return since === null || processStart(pid) === since;
}
