import {
  getStatus,
  unconfiguredStatus
} from "./chunk-QQWRM3IF.mjs";
import "./chunk-YCTCFVAY.mjs";
import "./chunk-ZNZFTM5Q.mjs";
import "./chunk-L2A4KYYN.mjs";
import "./chunk-HSLNTJWN.mjs";
import "./chunk-2AAJ7OAL.mjs";
import "./chunk-Q7MAZY4P.mjs";
import "./chunk-O4VTLPVT.mjs";
import "./chunk-IBU73BIK.mjs";
import "./chunk-HTYGBERC.mjs";
import "./chunk-2LGYOOQY.mjs";
import "./chunk-WTWOWLG3.mjs";
import "./chunk-R7TBMKPK.mjs";
import "./chunk-BX63XATI.mjs";
import "./chunk-6KBHNJKF.mjs";
import "./chunk-D5GCV3EA.mjs";
import "./chunk-6LTTOJPG.mjs";
import "./chunk-P3FGOR7S.mjs";
import "./chunk-D2DHXAVK.mjs";
import "./chunk-TS7O24GL.mjs";
import "./chunk-EJMOQQBX.mjs";
import "./chunk-BDS4TV5P.mjs";
import "./chunk-ASRBIQCE.mjs";
import "./chunk-TXEA6ZX2.mjs";
import "./chunk-KVTL3BT4.mjs";
import "./chunk-J6JDA4NY.mjs";
import "./chunk-YQ235AGW.mjs";
import "./chunk-DO6IZNGO.mjs";
import "./chunk-Q54W4AKF.mjs";
import "./chunk-WHWDL6UE.mjs";
import "./chunk-AVJM6F24.mjs";
import "./chunk-IAMV2BUG.mjs";
import "./chunk-2GQMOTW5.mjs";
import "./chunk-HKEN53EP.mjs";
import "./chunk-VQOGCUN4.mjs";
import "./chunk-ISXOJIVS.mjs";
import "./chunk-TXJN6GBC.mjs";
import "./chunk-A3CT3WFX.mjs";
import "./chunk-YC4HVIOS.mjs";
import "./chunk-UJNO2IOS.mjs";
import "./chunk-CWW63A7I.mjs";
import "./chunk-BS4BVQ4U.mjs";
import "./chunk-YO4FU4VW.mjs";
import "./chunk-WPONZTDY.mjs";
import "./chunk-YKBZQG47.mjs";
import "./chunk-6DB477J4.mjs";
import "./chunk-MCGFJXCR.mjs";
export {
  getStatus,
  unconfiguredStatus
};
