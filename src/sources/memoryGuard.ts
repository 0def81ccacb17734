import path from 'node:path';
import { homeDir, memsyncHome } from '../config/paths.ts';
import type { FolderGuard } from './claudeSettings.ts';
import { readTrustRecord, untrustedWhy, type TrustRecord } from './claudeTrust.ts';
import { folderRefusal } from './sensitiveFolders.ts';

/** The guards of one sync: Claude Code's trust record is read once, when a project's settings name a folder. */
export function memoryGuards(configDir: string, env: NodeJS.ProcessEnv) {
  let record: TrustRecord | undefined;
  const places = { home: path.resolve(homeDir(env)), claudeConfigDir: configDir, memsyncHome: memsyncHome(env) };
  const refusal = (dir: string) => folderRefusal(dir, places);
  return {
    refusal,
    /** For user settings, which need no trust. */
    user: { refusal, untrusted: () => null } as FolderGuard,
    /** For a project at `root` (`mainCheckout`: the folder Claude Code files its memory under). */
    project(root: string, mainCheckout: string): FolderGuard {
      return { refusal, untrusted: () => untrustedWhy((record ??= readTrustRecord(env)), root, mainCheckout) };
    },
  };
}
