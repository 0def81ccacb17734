import {
  SecretLintProfiler,
  secretLintProfiler
} from "./chunk-7533SJT7.mjs";
import "./chunk-MCGFJXCR.mjs";
export {
  SecretLintProfiler,
  secretLintProfiler
};
