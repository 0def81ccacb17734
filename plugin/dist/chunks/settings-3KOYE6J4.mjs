import { createRequire as __memsyncRequire } from 'node:module'; const require = __memsyncRequire(import.meta.url); import { fileURLToPath as __memsyncPath } from 'node:url'; const __filename = __memsyncPath(import.meta.url); const __dirname = __memsyncPath(new URL('.', import.meta.url));
import {
  SettingsSchema,
  defaultSettings,
  isCommentKey,
  isValidBranchName,
  loadSettings,
  settingsPath,
  writeSettings
} from "./chunk-ZKS2PDG6.mjs";
import {
  envVarName
} from "./chunk-UJNO2IOS.mjs";
import "./chunk-CWW63A7I.mjs";
import "./chunk-YKBZQG47.mjs";
import "./chunk-CYZJENGY.mjs";
import "./chunk-YO4FU4VW.mjs";
import "./chunk-WPONZTDY.mjs";
import "./chunk-6DB477J4.mjs";
import "./chunk-MCGFJXCR.mjs";
export {
  SettingsSchema,
  defaultSettings,
  envVarName,
  isCommentKey,
  isValidBranchName,
  loadSettings,
  settingsPath,
  writeSettings
};
