/**
 * Strata's error types. Every message follows one template so that a user can read what went
 * wrong, where, and with what value:
 *
 * `<Layer 'name'>: expected <what> <expected>. Received: <actual>.`
 *
 * The subject in angle brackets names the thing that failed (a layer, a backend, a file).
 */

/** The parts of a Strata error message. */
export interface ErrorParts {
  /** What failed, e.g. `Layer 'dense_1'` or `Backend 'webgpu'`. */
  subject: string;
  /** What was expected, e.g. `input last dimension 784`. */
  expected: string;
  /** What was received instead, e.g. `[32, 100]`. */
  received: string;
}

/** Formats `<subject>: expected <expected>. Received: <received>.` */
export function formatError({ subject, expected, received }: ErrorParts): string {
  return `<${subject}>: expected ${expected}. Received: ${received}.`;
}

/** The base class of every error Strata throws on purpose. */
export class StrataError extends Error {
  readonly subject: string;
  readonly expected: string;
  readonly received: string;

  constructor(parts: ErrorParts, options?: { cause?: unknown }) {
    super(formatError(parts), options);
    this.name = new.target.name;
    this.subject = parts.subject;
    this.expected = parts.expected;
    this.received = parts.received;
  }
}

/** A tensor or input has the wrong rank, size or dtype. */
export class ShapeError extends StrataError {}

/** A layer, model, optimizer or function was configured with an invalid value. */
export class ConfigError extends StrataError {}

/** A backend could not be started; `backend` and `reason` say which and why. */
export class BackendUnavailableError extends StrataError {
  readonly backend: string;
  readonly reason: string;

  constructor(backend: string, expected: string, reason: string, options?: { cause?: unknown }) {
    super({ subject: `Backend '${backend}'`, expected, received: reason }, options);
    this.backend = backend;
    this.reason = reason;
  }
}

/** A saved model, weight file or vocabulary could not be read or written. */
export class SerializationError extends StrataError {}

/** Formats a shape as `[2, 3]`, with `null` for unknown dimensions. */
export function formatShape(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d == null ? 'null' : String(d))).join(', ')}]`;
}
