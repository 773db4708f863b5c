/**
 * StripeError: the one error type that crosses layers. It renders Stripe's
 * envelope `{ error: { type, code, message, param, doc_url, ... } }` with its
 * HTTP status. Named factories below keep messages consistent.
 */
export type StripeErrorType = 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';

export interface StripeErrorExtra {
  code?: string;
  param?: string;
  decline_code?: string;
  charge?: string;
  payment_intent?: unknown;
  payment_method?: unknown;
  setup_intent?: unknown;
  advice_code?: string;
  payment_method_type?: string;
}

export class StripeError extends Error {
  /** Whether the transaction's writes are kept although the request failed (a declined card records its attempt). */
  keepWrites = false;

  /**
   * A StripeError is an answer to the client, not a fault: it is built without a stack trace, which would cost more
   * than the rest of a 4xx response (about 10 µs for V8 to capture) and is never shown. Faults (any other error) keep
   * theirs and are logged with it.
   */
  constructor(
    readonly status: number,
    readonly type: StripeErrorType,
    message: string,
    readonly extra: StripeErrorExtra = {},
  ) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.name = 'StripeError';
  }

  get code(): string | undefined {
    return this.extra.code;
  }

  get param(): string | undefined {
    return this.extra.param;
  }

  /** Keep the writes made before this error (see keepWrites). */
  committing(): this {
    this.keepWrites = true;
    return this;
  }

  toJSON(): { error: Record<string, unknown> } {
    const body: Record<string, unknown> = { type: this.type, message: this.message };
    for (const [key, value] of Object.entries(this.extra)) {
      if (value !== undefined) body[key] = value;
    }
    if (this.extra.code) body.doc_url = `https://docs.stripe.com/error-codes/${this.extra.code.replace(/_/g, '-')}`;
    return { error: body };
  }
}

/** 400 invalid_request_error. */
export function invalidRequest(message: string, extra: StripeErrorExtra = {}): StripeError {
  return new StripeError(400, 'invalid_request_error', message, extra);
}

export function parameterMissing(param: string, message?: string): StripeError {
  return invalidRequest(message ?? `Missing required param: ${param}.`, { code: 'parameter_missing', param });
}

export function parameterUnknown(param: string): StripeError {
  return invalidRequest(
    `Received unknown parameter: ${param}`,
    { code: 'parameter_unknown', param },
  );
}

export function parameterInvalid(param: string, message: string, code = 'parameter_invalid'): StripeError {
  return invalidRequest(message, { code, param });
}

/** 404 for an object that does not exist (or belongs to another account). */
export function resourceMissing(objectName: string, id: string, param?: string): StripeError {
  return new StripeError(404, 'invalid_request_error', `No such ${objectName}: '${id}'`, {
    code: 'resource_missing',
    param: param ?? 'id',
  });
}

/** 400 for an operation not allowed in the object's current state. */
export function unexpectedState(code: string, message: string, param?: string): StripeError {
  return invalidRequest(message, { code, param });
}

export function unrecognizedUrl(method: string, path: string): StripeError {
  return new StripeError(
    404,
    'invalid_request_error',
    `Unrecognized request URL (${method}: ${path}). Please see https://docs.stripe.com/api or email us at support@stripe.com if you need assistance.`,
  );
}

export function authenticationError(message: string): StripeError {
  return new StripeError(401, 'invalid_request_error', message);
}

export function idempotencyError(message: string): StripeError {
  return new StripeError(400, 'idempotency_error', message);
}

export function idempotencyKeyInUse(key: string): StripeError {
  return new StripeError(
    409,
    'invalid_request_error',
    `There is currently another in-progress request using this Idempotent Key (${key}). Please try again later.`,
    { code: 'idempotency_key_in_use' },
  );
}

export function cardError(message: string, extra: StripeErrorExtra): StripeError {
  return new StripeError(402, 'card_error', message, extra).committing();
}

export function apiError(message = 'An unknown error occurred'): StripeError {
  return new StripeError(500, 'api_error', message);
}
