import type { ErrorRequestHandler } from 'express';
import { HttpError } from './http-error';
import type { RequestWithContext } from './request-context';

/** Errors body-parser raises, by its `type`, and what the caller is told. */
const BODY_ERRORS: Record<string, HttpError> = {
  'entity.too.large': new HttpError(413, 'PAYLOAD_TOO_LARGE', 'The request body is over 64 KiB.'),
  'charset.unsupported': new HttpError(
    415,
    'UNSUPPORTED_CHARSET',
    'The body charset is not supported; send UTF-8.',
  ),
  'encoding.unsupported': new HttpError(
    415,
    'UNSUPPORTED_ENCODING',
    'The Content-Encoding is not supported.',
  ),
  'request.aborted': new HttpError(
    400,
    'REQUEST_ABORTED',
    'The request was aborted before its body arrived.',
  ),
  'request.size.invalid': new HttpError(
    400,
    'BAD_CONTENT_LENGTH',
    'The body did not match its Content-Length.',
  ),
};

function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  const type = (error as { type?: unknown } | null)?.type;
  if (typeof type === 'string' && BODY_ERRORS[type]) return BODY_ERRORS[type];
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new HttpError(status, 'BAD_REQUEST', 'The request could not be read.');
  }
  return new HttpError(500, 'INTERNAL', 'Something went wrong; the lead was not stored.');
}

/** The one place an error becomes an HTTP answer. Stack traces never leave the process. */
export const errorHandler: ErrorRequestHandler = (error, req, res, _next) => {
  const answer = toHttpError(error);
  const { log } = req as RequestWithContext;
  if (answer.status >= 500) log.error('request failed', { error });
  res.status(answer.status).set(answer.headers).json(answer.toBody());
};
