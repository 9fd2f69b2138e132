import { isRecord } from '@leadbridge/lead-model';

/** A place in the configuration: keys of maps and indexes of lists, from the top. */
export type ConfigPath = readonly (string | number)[];

/** A problem at a place in the configuration, before it is placed in the file. */
export interface PathProblem {
  path: (string | number)[];
  message: string;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `destinations[0].mapping.subject`, as a person would write it; odd keys are quoted. */
export function formatPath(path: ConfigPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

/**
 * The path of an ajv `instancePath` (a JSON pointer). A segment of digits is a list index only
 * where the data there is a list: map keys may be digits too (choice values keyed by code).
 */
export function pathFromPointer(pointer: string, data: unknown): (string | number)[] {
  if (pointer === '') return [];
  const path: (string | number)[] = [];
  let here = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(here) && /^\d+$/.test(key)) {
      path.push(Number(key));
      here = here[Number(key)];
    } else {
      path.push(key);
      here = isRecord(here) ? here[key] : undefined;
    }
  }
  return path;
}
