/** Checks of command-line values that need the filesystem or the remote's form (loaded when a command runs). */
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.ts';
import { normalizeRemote } from '../config/remoteUrl.ts';
import { REMOTE_FORM, remoteProblem } from '../config/remoteForm.ts';

export function checkProjectDir(p: string): string {
  if (p.trim() === '')
    throw new UsageError(
      '--project "": empty',
      'give a project folder, e.g. --project ~/code/widget (or --project . for this one)',
    );
  const abs = path.resolve(p);
  if (abs === path.parse(abs).root)
    throw new UsageError(
      `--project ${p}: the root folder is not a project`,
      'give the folder a project is checked out in, e.g. --project ~/code/widget',
    );
  if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory())
    throw new UsageError(`--project ${p}: not a folder on this machine`);
  return abs;
}

/** A remote value checked for its form (one line naming the problem), then stored as settings keep it. */
export function checkedRemote(remote: string): string {
  const problem = remoteProblem(remote);
  if (problem) throw new UsageError(`--remote ${JSON.stringify(remote)}: ${problem}`, `expected ${REMOTE_FORM}`);
  return normalizeRemote(remote);
}
