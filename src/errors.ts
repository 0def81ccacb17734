/** Errors the CLI prints as one line; `exitCode` follows the CLI contract (1 failure, 2 usage/settings). */
export class MemsyncError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = 1,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'MemsyncError';
  }
}

/** A bad command line or a bad setting: exit code 2. */
export class UsageError extends MemsyncError {
  constructor(message: string, hint?: string) {
    super(message, 2, hint);
    this.name = 'UsageError';
  }
}

export class SettingsError extends UsageError {
  constructor(message: string, hint?: string) {
    super(message, hint);
    this.name = 'SettingsError';
  }
}
