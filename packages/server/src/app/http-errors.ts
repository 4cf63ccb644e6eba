/** An error with an HTTP status and a stable code, sent as `{ error: { code, message, details? } }`. */
export class HttpError extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly details: unknown;
  constructor(statusCode: number, code: string, message: string, details?: unknown) {
    super(message);
    this.statusCode = statusCode;
    this.code = code;
    this.details = details;
  }
}

export const notFound = (what: string): HttpError =>
  new HttpError(404, 'not-found', `${what} not found`);
