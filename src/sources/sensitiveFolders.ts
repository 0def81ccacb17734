/**
 * Folders no memory setting may name. A memory folder is read, published and written from the
 * remote: named by a cloned repository's settings (or by mistake), it would publish the keys in
 * `~/.ssh` and let another machine write `authorized_keys` there. So the home folder itself, any
 * folder above it or outside it, the folders that hold credentials, and Claude Code's and
 * memsync's own folders are refused, by where they are named and where they really are.
 */
import fs from 'node:fs';
import path from 'node:path';
import { onDisk } from '../safety/contain.ts';

/** Under the home folder: where command-line tools keep keys and tokens. */
const CREDENTIAL_FOLDERS = [
  '.ssh',
  '.gnupg',
  '.aws',
  '.azure',
  '.config/gcloud',
  '.config/gh',
  '.kube',
  '.docker',
  '.password-store',
  '.pki',
  '.local/share/keyrings',
  '.terraform.d',
];
/** A folder holding one of these holds credentials. */
const CREDENTIAL_FILES = ['.netrc', '_netrc', '.git-credentials', '.pgpass', 'id_rsa', 'id_ed25519'];

export interface Places {
  home: string;
  claudeConfigDir: string;
  memsyncHome: string;
}

const inside = (dir: string, parent: string) => {
  const rel = path.relative(parent, dir);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
};

/** Why `dir` (absolute) may not be a memory folder, or null when it may. */
export function folderRefusal(dir: string, places: Places): string | null {
  const real = onDisk(dir);
  for (const d of real === dir ? [dir] : [dir, real]) {
    const why = refusalOf(d, places);
    if (why) return d === dir ? why : `it is a link to ${real}, and ${why}`;
  }
  return null;
}

function refusalOf(dir: string, places: Places): string | null {
  const homes = [...new Set([places.home, onDisk(places.home)])];
  if (homes.includes(dir)) return 'it is your home folder';
  if (homes.some((h) => inside(h, dir))) return 'it holds your home folder';
  const home = homes.find((h) => inside(dir, h));
  if (home === undefined) return 'it is outside your home folder';
  const rel = path.relative(home, dir).split(path.sep).join('/');
  const creds = CREDENTIAL_FOLDERS.find((c) => rel === c || rel.startsWith(`${c}/`));
  if (creds) return `it is ~/${creds}, where credentials are kept`;
  for (const own of [places.claudeConfigDir, places.memsyncHome]) {
    if (dir === own || inside(own, dir)) return `it holds ${own}, which memsync does not sync whole`;
  }
  if (inside(dir, places.memsyncHome)) return `it is inside memsync's own folder ${places.memsyncHome}`;
  const file = CREDENTIAL_FILES.find((f) => fs.existsSync(path.join(dir, f)));
  if (file) return `it holds ${file}, a credential file`;
  return null;
}
