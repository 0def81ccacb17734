import {
  MemsyncError,
  SettingsError,
  UsageError
} from "./chunk-6DB477J4.mjs";
import "./chunk-MCGFJXCR.mjs";
export {
  MemsyncError,
  SettingsError,
  UsageError
};
