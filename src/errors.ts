/**
 * What kind of failure an error is; the CLI's entry point maps kinds to exit codes, so library code
 * says what went wrong, never which code the process exits with.
 */
export type ErrorKind = 'failure' | 'usage' | 'busy';

/** Errors the CLI prints as one line: what went wrong, its kind, and a hint that leads somewhere. */
export class MemsyncError extends Error {
  constructor(
    message: string,
    readonly kind: ErrorKind = 'failure',
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'MemsyncError';
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
