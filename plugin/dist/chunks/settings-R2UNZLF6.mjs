import { createRequire as __memsyncRequire } from 'node:module'; const require = __memsyncRequire(import.meta.url); import { fileURLToPath as __memsyncPath } from 'node:url'; const __filename = __memsyncPath(import.meta.url); const __dirname = __memsyncPath(new URL('.', import.meta.url));
import {
  SettingsSchema,
  defaultSettings,
  envVarName,
  isCommentKey,
  isValidBranchName,
  loadSettings,
  locateJsonError,
  settingsPath,
  writeSettings
} from "./chunk-GEMMS7EN.mjs";
import "./chunk-CWW63A7I.mjs";
import "./chunk-YV5X25OY.mjs";
import "./chunk-CYZJENGY.mjs";
import "./chunk-CJKZO64S.mjs";
import "./chunk-4KEL4SRR.mjs";
import "./chunk-VTXTOEE5.mjs";
import "./chunk-MCGFJXCR.mjs";
export {
  SettingsSchema,
  defaultSettings,
  envVarName,
  isCommentKey,
  isValidBranchName,
  loadSettings,
  locateJsonError,
  settingsPath,
  writeSettings
};
