/**
 * An error meant for a person: a sentence that says what is wrong, where, and what to do.
 * The CLI prints its message (no stack) and exits with its code: 2 for bad usage or bad input files.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
