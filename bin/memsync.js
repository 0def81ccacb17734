#!/usr/bin/env node
// Runs the TypeScript sources through tsx, so `npx memsync` works right after `npm install`.
import { tsImport } from 'tsx/esm/api';

const { main } = await tsImport('../src/cli/main.ts', import.meta.url);
process.exitCode = await main(process.argv.slice(2));
