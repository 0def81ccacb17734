import { createRequire as __memsyncRequire } from 'node:module'; const require = __memsyncRequire(import.meta.url); import { fileURLToPath as __memsyncPath } from 'node:url'; const __filename = __memsyncPath(import.meta.url); const __dirname = __memsyncPath(new URL('.', import.meta.url));
import {
  MemsyncError
} from "./chunk-6DB477J4.mjs";
import "./chunk-MCGFJXCR.mjs";

// src/cli/launcher.ts
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
function launcherScript(distDir) {
  return `#!/usr/bin/env node
// memsync launcher, written by \`memsync install-cli\`: runs the CLI of the memsync plugin Claude
// Code installed (its folder changes with every plugin update), else the one that wrote this file.
const fs = require('node:fs');
const path = require('node:path');
const config = process.env.CLAUDE_CONFIG_DIR || path.join(require('node:os').homedir(), '.claude');
let cli = ${JSON.stringify(path.join(distDir, "memsync.mjs"))};
try {
  const list = path.join(config, 'plugins', 'installed_plugins.json');
  const plugins = JSON.parse(fs.readFileSync(list, 'utf8')).plugins || {};
  for (const [id, installs] of Object.entries(plugins)) {
    const dir = id.startsWith('memsync@') && Array.isArray(installs) && installs[0] && installs[0].installPath;
    if (dir && fs.existsSync(path.join(dir, 'dist', 'memsync.mjs'))) cli = path.join(dir, 'dist', 'memsync.mjs');
  }
} catch {}
import(require('node:url').pathToFileURL(cli).href);
`;
}
function installLauncher(distDir, dir, env) {
  const target = path.resolve(dir ?? path.join(env.HOME || os.homedir(), ".local", "bin"));
  const file = path.join(target, "memsync");
  let existing = null;
  try {
    existing = fs.readFileSync(file, "utf8");
  } catch {
  }
  if (existing !== null && !existing.includes("written by `memsync install-cli`")) {
    throw new MemsyncError(
      `${file} exists and is not memsync's launcher, so it was left as it is`,
      "failure",
      "remove it, or pass --dir DIR for another folder"
    );
  }
  fs.mkdirSync(target, { recursive: true });
  fs.writeFileSync(file, launcherScript(distDir), { mode: 493 });
  fs.chmodSync(file, 493);
  const onPath = (env.PATH ?? "").split(path.delimiter).some((d) => d && path.resolve(d) === target);
  return { file, onPath };
}
export {
  installLauncher
};
