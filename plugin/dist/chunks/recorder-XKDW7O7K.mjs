import {
  formatRecorded,
  recordingDbEffects,
  recordingEffects
} from "./chunk-6KBHNJKF.mjs";
import "./chunk-D5GCV3EA.mjs";
import "./chunk-6LTTOJPG.mjs";
import "./chunk-P3FGOR7S.mjs";
import "./chunk-ASRBIQCE.mjs";
import "./chunk-TXEA6ZX2.mjs";
import "./chunk-J6JDA4NY.mjs";
import "./chunk-AVJM6F24.mjs";
import "./chunk-YO4FU4VW.mjs";
import "./chunk-WPONZTDY.mjs";
import "./chunk-YKBZQG47.mjs";
import "./chunk-6DB477J4.mjs";
import "./chunk-MCGFJXCR.mjs";
export {
  formatRecorded,
  recordingDbEffects,
  recordingEffects
};
