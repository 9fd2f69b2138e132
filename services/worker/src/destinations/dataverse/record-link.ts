import { isGuid } from '@leadbridge/lead-model';
import type { DeliveryReport } from '../../delivery/destination';

/**
 * The lead record in the Dynamics 365 app: the org's address with `main.aspx`, the table's
 * logical name and the record's id, which opens the record in whichever app the user last used.
 */
export function recordAppUrl(orgUrl: string, recordId: string): string {
  const query = new URLSearchParams({ etn: 'lead', id: recordId, pagetype: 'entityrecord' });
  return `${orgUrl}/main.aspx?${query.toString()}`;
}

/**
 * The report with `recordUrl` beside the record id it names, kept with the completed job: what a
 * person (or a chat message waiting for this delivery) follows to the record.
 */
export function withRecordLink(report: DeliveryReport, orgUrl: string): DeliveryReport {
  const { recordId } = report.details;
  if (!isGuid(recordId)) return report;
  return { ...report, details: { ...report.details, recordUrl: recordAppUrl(orgUrl, recordId) } };
}
