import type { ErrorRequestHandler } from 'express';
import { HttpError } from '../../http/http-error';
import type { RequestWithContext } from '../../http/request-context';
import { html } from './html';
import { layout } from './layout';
import { pageViewer } from './page-viewer';

/**
 * A page's error as a page: the status, and what to do next, inside the usual layout so the
 * navigation is still there. Stack traces stay in the log.
 */
export function pageErrors(readOnly: boolean): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const known = error instanceof HttpError;
    if (!known) (req as RequestWithContext).log.error('page failed', { error });
    const status = known ? error.status : 500;
    const message = known ? error.message : 'Something went wrong; try again, or see the log.';
    const title = status === 404 ? 'Not found' : status === 503 ? 'Unavailable' : 'Error';
    const viewer = pageViewer(res, readOnly);
    const body = html`<h1>${title}</h1>
      <p class="note warn" role="alert">${message}</p>
      <p><a href="/leads">Back to the leads</a></p>`;
    res
      .status(status)
      .set(known ? error.headers : {})
      .type('html')
      .send(layout({ title, section: 'leads', viewer, body }));
  };
}
