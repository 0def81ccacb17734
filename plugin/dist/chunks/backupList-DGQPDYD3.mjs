import { createRequire as __memsyncRequire } from 'node:module'; const require = __memsyncRequire(import.meta.url); import { fileURLToPath as __memsyncPath } from 'node:url'; const __filename = __memsyncPath(import.meta.url); const __dirname = __memsyncPath(new URL('.', import.meta.url));
import {
  applyRetention,
  backupFiles,
  listBackups,
  pruneBackups
} from "./chunk-Y7YJIRIQ.mjs";
import "./chunk-ELKMLDUH.mjs";
import "./chunk-HKLO3WI2.mjs";
import "./chunk-OG4SNG7R.mjs";
import "./chunk-TIZHATIU.mjs";
import "./chunk-CBFFVQZX.mjs";
import "./chunk-DLPF2LYP.mjs";
import "./chunk-BS4VS5DQ.mjs";
import "./chunk-7NKH4G6F.mjs";
import "./chunk-A437456D.mjs";
import "./chunk-MVAHBKGP.mjs";
import "./chunk-Q7MAZY4P.mjs";
import "./chunk-SAHHYX6V.mjs";
import "./chunk-ARVYF56E.mjs";
import "./chunk-VWTSHG5N.mjs";
import "./chunk-C7APR5KW.mjs";
import "./chunk-KRRDIODI.mjs";
import "./chunk-HTYGBERC.mjs";
import "./chunk-R7TBMKPK.mjs";
import "./chunk-FSCLH4VM.mjs";
import "./chunk-MQBVXP3Z.mjs";
import "./chunk-TS7O24GL.mjs";
import "./chunk-BDS4TV5P.mjs";
import "./chunk-BHON5K7P.mjs";
import "./chunk-DO6IZNGO.mjs";
import "./chunk-TAU3EMKP.mjs";
import "./chunk-WHWDL6UE.mjs";
import "./chunk-AELA27NM.mjs";
import "./chunk-WHGDSJPB.mjs";
import "./chunk-QQJ3SGIN.mjs";
import "./chunk-VQOGCUN4.mjs";
import "./chunk-ISXOJIVS.mjs";
import "./chunk-PDOI5DJ5.mjs";
import "./chunk-DXWQFGI5.mjs";
import "./chunk-VLXKWWO7.mjs";
import "./chunk-ED5CSEYH.mjs";
import "./chunk-ASRBIQCE.mjs";
import "./chunk-TXEA6ZX2.mjs";
import "./chunk-AVJM6F24.mjs";
import "./chunk-TXJN6GBC.mjs";
import "./chunk-A3CT3WFX.mjs";
import "./chunk-ZKS2PDG6.mjs";
import "./chunk-UJNO2IOS.mjs";
import "./chunk-CWW63A7I.mjs";
import "./chunk-YKBZQG47.mjs";
import "./chunk-JJYZJCIH.mjs";
import "./chunk-EE3IHE5Q.mjs";
import "./chunk-ORQ3U2EH.mjs";
import "./chunk-CYZJENGY.mjs";
import "./chunk-YO4FU4VW.mjs";
import "./chunk-WPONZTDY.mjs";
import "./chunk-6DB477J4.mjs";
import "./chunk-MCGFJXCR.mjs";
export {
  applyRetention,
  backupFiles,
  listBackups,
  pruneBackups
};
