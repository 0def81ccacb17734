import fs from 'node:fs';
import path from 'node:path';

/**
 * How the user can run memsync's CLI where the hook runs: `memsync` when it is on PATH (an npm
 * install, or the launcher of `memsync install-cli`), else the plugin's own copy through node.
 */
export function cliName(env: NodeJS.ProcessEnv, cliScript: string): string {
  const onPath = (env.PATH ?? '').split(path.delimiter).some((dir) => {
    try {
      fs.accessSync(path.join(dir, 'memsync'), fs.constants.X_OK);
      return !!dir;
    } catch {
      return false;
    }
  });
  return onPath ? 'memsync' : `node "${cliScript}"`;
}
