/**
 * Domain errors know nothing of HTTP. Each has a stable `code` (also the i18n message key)
 * and optional parameters for the message; the HTTP layer maps the class to a status once.
 */
export type ErrorParams = Record<string, string | number>;
/** Details sent with the error; a function receives the caller's locale (row-level reports). */
export type ErrorDetails = unknown | ((locale: 'zh-CN' | 'en') => unknown);

export abstract class DomainError extends Error {
  abstract readonly kind: 'validation' | 'not_found' | 'conflict' | 'forbidden' | 'unauthenticated' | 'rate_limited';
  constructor(
    readonly code: string,
    readonly params: ErrorParams = {},
    readonly details?: ErrorDetails,
  ) {
    super(code);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  readonly kind = 'validation';
}
export class NotFoundError extends DomainError {
  readonly kind = 'not_found';
}
export class ConflictError extends DomainError {
  readonly kind = 'conflict';
}
export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden';
}
export class UnauthenticatedError extends DomainError {
  readonly kind = 'unauthenticated';
}
export class RateLimitedError extends DomainError {
  readonly kind = 'rate_limited';
}
