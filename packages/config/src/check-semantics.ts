import { DESTINATION_NAME_PATTERN, isRecord, parseTemplate } from '@leadbridge/lead-model';
import { compileMapping, type MappingSpec } from '@leadbridge/lead-model/mapping';
import { formatPath, type ConfigPath, type PathProblem } from './config-path';

const EMAIL_TEMPLATES = ['subject', 'text', 'html'] as const;

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
    if (destination.type === 'dataverse') {
      problems.push(...checkDataverse(destination, at, faulted));
    }
    if (destination.type === 'email') problems.push(...checkEmail(destination, at, faulted));
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

type At = (...rest: (string | number)[]) => (string | number)[];
type Faulted = (path: ConfigPath) => boolean;

/** The e-mail's templates must name lead fields and pair their braces. */
function checkEmail(destination: Record<string, unknown>, at: At, faulted: Faulted): PathProblem[] {
  return EMAIL_TEMPLATES.flatMap((key) => {
    const source = destination[key];
    if (typeof source !== 'string' || faulted(at(key))) return [];
    const parsed = parseTemplate(source);
    return parsed.ok ? [] : parsed.problems.map((message) => ({ path: at(key), message }));
  });
}

/** The mapping must compile, and an offer column for repeat customers must be one it writes. */
function checkDataverse(
  destination: Record<string, unknown>,
  at: At,
  faulted: Faulted,
): PathProblem[] {
  const found: PathProblem[] = [];
  // The schema has checked the shapes of both, or faulted them.
  const compiled =
    faulted(at('mapping')) || faulted(at('columnLengths'))
      ? undefined
      : compileMapping(
          destination.mapping as MappingSpec | undefined,
          isRecord(destination.columnLengths)
            ? { columnLengths: destination.columnLengths as Record<string, number> }
            : {},
        );
  for (const problem of compiled?.problems ?? []) {
    found.push({ path: at('mapping', ...problem.path), message: problem.message });
  }

  const repeat = destination.repeatCustomers;
  const where = at('repeatCustomers', 'offerColumn');
  if (!isRecord(repeat) || typeof repeat.offerColumn !== 'string' || faulted(where)) return found;
  const { offerColumn } = repeat;
  if (repeat.action !== 'update-open-lead') {
    found.push({ path: where, message: 'is only used with action: update-open-lead' });
  } else if (compiled && !compiled.mapping.columns.some(({ column }) => column === offerColumn)) {
    found.push({
      path: where,
      message: `"${offerColumn}" is not a column the mapping writes: add it to mapping, e.g. ${offerColumn}: OfferId`,
    });
  }
  return found;
}
