#!/usr/bin/env node
// Runs the bundled CLI (dist/memsync.mjs, built from src/ by `npm run build`; a test keeps it
// current). For working on the sources without building: `npm run memsync -- <command>`.
await import('../dist/memsync.mjs');
