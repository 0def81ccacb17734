import { createRequire as __memsyncRequire } from 'node:module'; const require = __memsyncRequire(import.meta.url); import { fileURLToPath as __memsyncPath } from 'node:url'; const __filename = __memsyncPath(import.meta.url); const __dirname = __memsyncPath(new URL('.', import.meta.url));
import {
  MemsyncError,
  SettingsError,
  UsageError
} from "./chunk-6DB477J4.mjs";
import "./chunk-MCGFJXCR.mjs";
export {
  MemsyncError,
  SettingsError,
  UsageError
};
