
// src/errors.ts
var MemsyncError = class extends Error {
  constructor(message, kind = "failure", hint) {
    super(message);
    this.kind = kind;
    this.hint = hint;
    this.name = "MemsyncError";
  }
  kind;
  hint;
};
var UsageError = class extends MemsyncError {
  constructor(message, hint) {
    super(message, "usage", hint);
    this.name = "UsageError";
  }
};
var SettingsError = class extends UsageError {
  constructor(message, hint) {
    super(message, hint);
    this.name = "SettingsError";
  }
};

export {
  MemsyncError,
  UsageError,
  SettingsError
};
