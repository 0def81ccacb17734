import {
  SettingsSchema,
  defaultSettings,
  isCommentKey,
  isValidBranchName,
  loadSettings,
  settingsPath,
  writeSettings
} from "./chunk-P5MQAKFN.mjs";
import {
  envVarName
} from "./chunk-UJNO2IOS.mjs";
import "./chunk-CWW63A7I.mjs";
import "./chunk-RJUM73A6.mjs";
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
