/** An exception whose `message` is exactly Python's `str(e)`, so verdicts and answers embed the same text. */
export class PyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PyError';
  }
}
