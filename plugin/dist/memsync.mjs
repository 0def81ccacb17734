import { createRequire as __memsyncRequire } from 'node:module'; const require = __memsyncRequire(import.meta.url); import { fileURLToPath as __memsyncPath } from 'node:url'; const __filename = __memsyncPath(import.meta.url); const __dirname = __memsyncPath(new URL('.', import.meta.url));
import {
  memsyncHome
} from "./chunks/chunk-YKBZQG47.mjs";
import "./chunks/chunk-MCGFJXCR.mjs";

// src/commands/bin.ts
import fs from "node:fs";
import module from "node:module";
import path from "node:path";
var cacheable = module;
var home = memsyncHome();
if (cacheable.enableCompileCache && fs.existsSync(home)) cacheable.enableCompileCache(path.join(home, "cache", "node"));
var { main } = await import("./chunks/main-RZ6DFP7Q.mjs");
process.exitCode = await main(process.argv.slice(2));
