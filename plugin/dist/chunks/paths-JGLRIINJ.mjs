import { createRequire as __memsyncRequire } from 'node:module'; const require = __memsyncRequire(import.meta.url); import { fileURLToPath as __memsyncPath } from 'node:url'; const __filename = __memsyncPath(import.meta.url); const __dirname = __memsyncPath(new URL('.', import.meta.url));
import {
  claudeConfigDir,
  defaultClaudeMemPath,
  expandHome,
  homeDir,
  memsyncHome,
  repoDir
} from "./chunk-YKBZQG47.mjs";
import "./chunk-MCGFJXCR.mjs";
export {
  claudeConfigDir,
  defaultClaudeMemPath,
  expandHome,
  homeDir,
  memsyncHome,
  repoDir
};
