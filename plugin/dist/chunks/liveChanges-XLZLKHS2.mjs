import {
  lastPull,
  lastPullLine,
  readChanges,
  recordChange,
  recordPull
} from "./chunk-RCJZXW4M.mjs";
import "./chunk-ORQ3U2EH.mjs";
import "./chunk-YO4FU4VW.mjs";
import "./chunk-WPONZTDY.mjs";
import "./chunk-6DB477J4.mjs";
import "./chunk-MCGFJXCR.mjs";
export {
  lastPull,
  lastPullLine,
  readChanges,
  recordChange,
  recordPull
};
