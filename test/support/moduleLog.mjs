// Loaded with `node --import` (NODE_OPTIONS) in a hook under test: appends the URL of every module
// it loads to $MEMSYNC_TEST_MODULE_LOG, so a test can tell which parts of the bundle a run loaded.
import { register } from 'node:module';

const log = process.env.MEMSYNC_TEST_MODULE_LOG;
if (log) register(new URL('./moduleLogHooks.mjs', import.meta.url), { data: log });
