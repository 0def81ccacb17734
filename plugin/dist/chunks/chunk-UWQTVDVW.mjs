
// src/cli/command.ts
var isGroup = (e) => "subcommands" in e;
var EXIT = { ok: 0, failure: 1, usage: 2, conflicts: 3, dbPending: 4, tempfail: 75 };
var JSON_OPTION = { json: { type: "boolean", help: "print JSON" } };

export {
  isGroup,
  EXIT,
  JSON_OPTION
};
