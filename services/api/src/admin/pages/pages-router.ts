import type { LeadActivityReader } from '@leadbridge/lead-activity';
import express, { Router, type Request, type Response } from 'express';
import { HttpError } from '../../http/http-error';
import { EMAIL_SEARCH_PATH, emailSearchPage } from './email-search';
import { leadPage, LEAD_ID_PARAM } from './lead-page';
import { replayLead, retryDelivery, type ActionOutcome } from './lead-actions';
import { leadsPage } from './leads-page';
import { overviewPage } from './overview-page';
import { adminUserOf } from '../admin-user';
import { actorOf, pageViewer } from './page-viewer';
import { pageErrors } from './page-errors';
import type { PagesDeps } from './pages-deps';

// A form with a token and a destination's name: anything bigger is not from our pages.
const formBody = express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 8 });

function activityOf(deps: PagesDeps): LeadActivityReader {
  if (!deps.activity) {
    throw new HttpError(
      503,
      'ACTIVITY_UNAVAILABLE',
      'The leads pages have no lead activity to read on this listener. Queues (Bull Board) and ' +
        '/api/leads/<id> still work.',
    );
  }
  return deps.activity;
}

function leadIdOf(req: Request<{ id: string }>): string {
  const { id } = req.params;
  if (!LEAD_ID_PARAM.test(id)) throw new HttpError(404, 'LEAD_NOT_FOUND', 'That is not a lead id.');
  return id;
}

/** After an action, back to the lead's page (303: the browser GETs it) with a note. */
function backToLead(res: Response, id: string, done: ActionOutcome, destination?: string): void {
  const params = new URLSearchParams({ done });
  if (destination) params.set('destination', destination);
  res.redirect(303, `/leads/${encodeURIComponent(id)}?${params.toString()}`);
}

/**
 * The leads pages: the list, the operator's search by e-mail address, a lead's timeline with its
 * Retry and Replay buttons, and the overview. Accounts that may only look never reach the POST routes: the admin listener's
 * `onlyReadsWhen` refuses them first; the check here holds if that ever moves.
 */
export function createPagesRouter(deps: PagesDeps): Router {
  const router = Router();
  router.get('/leads', (req, res) => leadsPage(deps, activityOf(deps), req, res));
  router.get('/leads/:id', (req, res) => leadPage(deps, activityOf(deps), req, res));
  router.get('/overview', (req, res) => overviewPage(deps, activityOf(deps), req, res));
  router.post(EMAIL_SEARCH_PATH, formBody, (req, res) =>
    emailSearchPage(deps, activityOf(deps), req, res),
  );

  const actor = (res: Response) => {
    const viewer = pageViewer(res, deps.readOnly);
    if (!viewer.mayAct) {
      throw new HttpError(403, 'READ_ONLY', 'This account can look but not change anything.');
    }
    const id = adminUserOf(res)?.id;
    return { by: actorOf(viewer), ...(id !== undefined ? { byId: id } : {}) };
  };
  router.post('/leads/:id/retry', formBody, async (req: Request<{ id: string }>, res) => {
    const by = actor(res);
    const id = leadIdOf(req);
    const body = req.body as Record<string, unknown> | undefined;
    const destination = typeof body?.destination === 'string' ? body.destination : '';
    if (destination === '' || destination.length > 200) {
      throw new HttpError(400, 'DESTINATION_REQUIRED', 'Say which destination to retry.');
    }
    backToLead(res, id, await retryDelivery(deps, id, destination, by), destination);
  });
  router.post('/leads/:id/replay', formBody, async (req: Request<{ id: string }>, res) => {
    const by = actor(res);
    const id = leadIdOf(req);
    backToLead(res, id, await replayLead(deps, id, by));
  });
  router.use(pageErrors(deps.readOnly));
  return router;
}
