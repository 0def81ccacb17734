// The bundled CLI's entry point (dist/memsync.mjs).
import { main } from './main.ts';

process.exitCode = await main(process.argv.slice(2));
