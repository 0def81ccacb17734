import { createRequire as __memsyncRequire } from 'node:module'; const require = __memsyncRequire(import.meta.url); import { fileURLToPath as __memsyncPath } from 'node:url'; const __filename = __memsyncPath(import.meta.url); const __dirname = __memsyncPath(new URL('.', import.meta.url));

// src/cli/command.ts
var isGroup = (e) => "subcommands" in e;
var EXIT = { ok: 0, failure: 1, usage: 2, conflicts: 3, dbPending: 4, tempfail: 75 };
var JSON_OPTION = { json: { type: "boolean", help: "print JSON" } };

export {
  isGroup,
  EXIT,
  JSON_OPTION
};
