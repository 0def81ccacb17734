/**
 * What kind of failure an error is; the CLI's entry point maps kinds to exit codes, so library code
 * says what went wrong, never which code the process exits with.
 */
export type ErrorKind = 'failure' | 'usage' | 'busy';

/** Errors the CLI prints as one line. `exitCode` 2 (still passed by older callers) means a usage error. */
export class MemsyncError extends Error {
  readonly kind: ErrorKind;
  constructor(
    message: string,
    kindOrCode: ErrorKind | 1 | 2 = 'failure',
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'MemsyncError';
    this.kind = kindOrCode === 2 ? 'usage' : kindOrCode === 1 ? 'failure' : kindOrCode;
  }
}

/** A bad command line or a bad setting. */
export class UsageError extends MemsyncError {
  constructor(message: string, hint?: string) {
    super(message, 'usage', hint);
    this.name = 'UsageError';
  }
}

export class SettingsError extends UsageError {
  constructor(message: string, hint?: string) {
    super(message, hint);
    this.name = 'SettingsError';
  }
}
