import { DESTINATION_NAME_PATTERN, isRecord } from '@leadbridge/lead-model';
import { formatPath, type ConfigPath, type PathProblem } from './config-path';
import type { At } from './destinations/destination-type';
import { DESTINATION_TYPE_NAMES, DESTINATION_TYPES } from './destinations/destination-types';

/**
 * What the schema cannot say: unique names, mappings and templates that make sense, an offer
 * column the mapping writes. It runs on the data even when the schema found problems, so one
 * round of editing fixes everything; a part the schema already faulted is not looked at again,
 * since its shape cannot be trusted.
 */
export function checkSemantics(
  data: unknown,
  schemaProblems: readonly PathProblem[],
): PathProblem[] {
  const faulted = (path: ConfigPath): boolean =>
    schemaProblems.some((problem) =>
      path.every((segment, index) => problem.path[index] === segment),
    );
  const problems: PathProblem[] = [];
  if (!isRecord(data)) return problems;

  const destinations = Array.isArray(data.destinations) ? data.destinations : [];
  const firstWithName = new Map<string, number>();
  destinations.forEach((destination: unknown, index) => {
    if (!isRecord(destination)) return;
    const at: At = (...rest) => ['destinations', index, ...rest];
    const { name } = destination;
    if (typeof name === 'string') {
      const first = firstWithName.get(name);
      if (first !== undefined) {
        const other = formatPath(['destinations', first]);
        problems.push({ path: at('name'), message: `"${name}" is already the name of ${other}` });
      } else firstWithName.set(name, index);
      if (!DESTINATION_NAME_PATTERN.test(name) && !faulted(at('name'))) {
        problems.push({ path: at('name'), message: `"${name}" is not a valid destination name` });
      }
    }
    const type = DESTINATION_TYPE_NAMES.find((known) => known === destination.type);
    const check = type === undefined ? undefined : DESTINATION_TYPES[type].check;
    if (check) problems.push(...check(destination, at, faulted, destinations));
  });

  if (
    isRecord(data.alerts) &&
    data.alerts.email === undefined &&
    data.alerts.webhook === undefined
  ) {
    problems.push({
      path: ['alerts'],
      message: 'names nowhere to send alerts: add email or webhook',
    });
  }
  return problems;
}
