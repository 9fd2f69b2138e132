import { parseTemplate } from '@leadbridge/lead-model';
import type { PathProblem } from '../../config-path';
import type { At, Faulted } from '../destination-type';

const EMAIL_TEMPLATES = ['subject', 'text', 'html'] as const;

/** The e-mail's templates must name lead fields and pair their braces. */
export function checkEmail(
  destination: Record<string, unknown>,
  at: At,
  faulted: Faulted,
): PathProblem[] {
  return EMAIL_TEMPLATES.flatMap((key) => {
    const source = destination[key];
    if (typeof source !== 'string' || faulted(at(key))) return [];
    const parsed = parseTemplate(source);
    return parsed.ok ? [] : parsed.problems.map((message) => ({ path: at(key), message }));
  });
}
