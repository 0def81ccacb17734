// The bundled CLI's entry point (dist/memsync.mjs).
import fs from 'node:fs';
import module from 'node:module';
import path from 'node:path';
import { memsyncHome } from '../config/paths.ts';

// Node 22.1+ can keep the compiled bundle between runs, which saves most of its start-up parse.
// Only on a set-up machine, in memsync's own folder: `memsync --help` on a new one creates nothing.
const cacheable = module as { enableCompileCache?: (dir: string) => unknown };
const home = memsyncHome();
if (cacheable.enableCompileCache && fs.existsSync(home)) cacheable.enableCompileCache(path.join(home, 'cache', 'node'));

const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
