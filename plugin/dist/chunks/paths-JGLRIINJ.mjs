import {
  claudeConfigDir,
  defaultClaudeMemPath,
  expandHome,
  homeDir,
  memsyncHome,
  repoDir
} from "./chunk-YKBZQG47.mjs";
import "./chunk-MCGFJXCR.mjs";
export {
  claudeConfigDir,
  defaultClaudeMemPath,
  expandHome,
  homeDir,
  memsyncHome,
  repoDir
};
