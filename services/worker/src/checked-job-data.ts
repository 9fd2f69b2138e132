import type { JobDataCheck } from '@leadbridge/lead-model';
import type { Logger } from '@leadbridge/service-kit';
import { UnrecoverableError, type Job } from 'bullmq';

/** The start of the failure reason of a job whose data breaks the lead contract. */
const REJECTED_JOB_REASON = 'job data does not match the lead contract, so it is not delivered';

/**
 * The job's data once it holds to the lead contract. Job data is read back from Redis, where it
 * may have been edited (in Redis itself or in the dashboard); such a job is failed at once,
 * before anything is built from it, and kept in the failed list with the fields that are wrong.
 */
export function checkedJobData<T>(job: Pick<Job, 'id'>, check: JobDataCheck<T>, log: Logger): T {
  if (check.ok) return check.data;
  log.error('job data rejected: kept in the failed list', {
    jobId: job.id,
    problems: check.problems,
  });
  throw new UnrecoverableError(`${REJECTED_JOB_REASON}: ${check.problems.join('; ')}`);
}
