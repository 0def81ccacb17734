import {
  SettingsSchema,
  defaultSettings,
  isCommentKey,
  isValidBranchName,
  loadSettings,
  settingsPath,
  writeSettings
} from "./chunk-YC4HVIOS.mjs";
import {
  envVarName
} from "./chunk-UJNO2IOS.mjs";
import "./chunk-CWW63A7I.mjs";
import "./chunk-BS4BVQ4U.mjs";
import "./chunk-YO4FU4VW.mjs";
import "./chunk-WPONZTDY.mjs";
import "./chunk-YKBZQG47.mjs";
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
