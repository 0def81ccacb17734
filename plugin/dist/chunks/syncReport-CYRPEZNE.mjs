import { createRequire as __memsyncRequire } from 'node:module'; const require = __memsyncRequire(import.meta.url); import { fileURLToPath as __memsyncPath } from 'node:url'; const __filename = __memsyncPath(import.meta.url); const __dirname = __memsyncPath(new URL('.', import.meta.url));
import {
  NOT_TAKEN,
  copyLabel,
  heldLines,
  humanReport,
  jsonReport,
  roundExit,
  setUp,
  summary
} from "./chunk-OL7JNSRG.mjs";
import "./chunk-DIRQSAK3.mjs";
import "./chunk-MHJZ6IZX.mjs";
import "./chunk-QOT3HGZW.mjs";
import "./chunk-DJEWAC2Y.mjs";
import "./chunk-Q7MAZY4P.mjs";
import "./chunk-SAHHYX6V.mjs";
import "./chunk-ARVYF56E.mjs";
import "./chunk-24AU726F.mjs";
import "./chunk-C7APR5KW.mjs";
import "./chunk-PGNGNSUR.mjs";
import "./chunk-HTYGBERC.mjs";
import "./chunk-R7TBMKPK.mjs";
import "./chunk-SJVV2NLG.mjs";
import "./chunk-MQBVXP3Z.mjs";
import "./chunk-4E77XV5E.mjs";
import "./chunk-P3FEQZBA.mjs";
import "./chunk-XJIBNPZD.mjs";
import "./chunk-JME75E7C.mjs";
import "./chunk-3SMPMQLF.mjs";
import "./chunk-WHGDSJPB.mjs";
import "./chunk-QQJ3SGIN.mjs";
import "./chunk-VQOGCUN4.mjs";
import "./chunk-ISXOJIVS.mjs";
import "./chunk-BXGTVNIT.mjs";
import "./chunk-DXWQFGI5.mjs";
import "./chunk-3UWGARMI.mjs";
import "./chunk-4AFV2LKP.mjs";
import "./chunk-COVDEX2P.mjs";
import "./chunk-AVJM6F24.mjs";
import "./chunk-TXJN6GBC.mjs";
import "./chunk-A3CT3WFX.mjs";
import "./chunk-5OPKPNSB.mjs";
import "./chunk-UJNO2IOS.mjs";
import "./chunk-CWW63A7I.mjs";
import "./chunk-YV5X25OY.mjs";
import "./chunk-3VAUD4PZ.mjs";
import "./chunk-TBQZOKPT.mjs";
import "./chunk-CYZJENGY.mjs";
import "./chunk-YO4FU4VW.mjs";
import "./chunk-WPONZTDY.mjs";
import "./chunk-6DB477J4.mjs";
import "./chunk-MCGFJXCR.mjs";
export {
  NOT_TAKEN,
  copyLabel,
  heldLines,
  humanReport,
  jsonReport,
  roundExit,
  setUp,
  summary
};
