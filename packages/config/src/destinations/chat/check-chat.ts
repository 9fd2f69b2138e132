import {
  isRecord,
  parseTemplate,
  personalDataKindOf,
  type PersonalDataKind,
} from '@leadbridge/lead-model';
import type { PathProblem } from '../../config-path';
import type { At, Faulted } from '../destination-type';

const CHAT_TEMPLATES = ['title', 'text'] as const;

/** The kinds of personal data the entry lets into the channel, as written. */
function allowedKinds(destination: Record<string, unknown>): ReadonlySet<PersonalDataKind> {
  const listed = Array.isArray(destination.personalData) ? destination.personalData : [];
  return new Set(listed.filter((kind): kind is PersonalDataKind => typeof kind === 'string'));
}

/**
 * Templates must name lead fields, and personal data only of the kinds `personalData` lists: a
 * template is no way around the channel's default of none.
 */
function checkTemplates(
  destination: Record<string, unknown>,
  at: At,
  faulted: Faulted,
): PathProblem[] {
  const allowed = allowedKinds(destination);
  return CHAT_TEMPLATES.flatMap((key) => {
    const source = destination[key];
    if (typeof source !== 'string' || faulted(at(key))) return [];
    const parsed = parseTemplate(source);
    if (!parsed.ok) return parsed.problems.map((message) => ({ path: at(key), message }));
    return parsed.template.fields.flatMap((field) => {
      const kind = personalDataKindOf(field);
      if (kind === undefined || allowed.has(kind)) return [];
      return [
        {
          path: at(key),
          message: `names {${field}}, which is personal data: add ${kind} to personalData to post it to the channel`,
        },
      ];
    });
  });
}

/** `waitFor` must name a Dataverse destination of the same file; `waitForSeconds` needs it. */
function checkWaitFor(
  destination: Record<string, unknown>,
  at: At,
  faulted: Faulted,
  destinations: readonly unknown[],
): PathProblem[] {
  const { waitFor } = destination;
  if (waitFor === undefined) {
    return destination.waitForSeconds === undefined || faulted(at('waitForSeconds'))
      ? []
      : [{ path: at('waitForSeconds'), message: 'is only used with waitFor' }];
  }
  if (typeof waitFor !== 'string' || faulted(at('waitFor'))) return [];
  const target = destinations.find((other) => isRecord(other) && other.name === waitFor);
  if (!isRecord(target)) {
    return [{ path: at('waitFor'), message: `"${waitFor}" is not the name of a destination here` }];
  }
  if (target.type !== 'dataverse') {
    return [
      {
        path: at('waitFor'),
        message: `"${waitFor}" is not a Dataverse destination: only a Dataverse record has a link to wait for`,
      },
    ];
  }
  return [];
}

/** What the schema cannot say about a chat entry. */
export function checkChat(
  destination: Record<string, unknown>,
  at: At,
  faulted: Faulted,
  destinations: readonly unknown[],
): PathProblem[] {
  return [
    ...checkTemplates(destination, at, faulted),
    ...checkWaitFor(destination, at, faulted, destinations),
  ];
}
