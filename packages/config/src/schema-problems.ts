import type { ErrorObject } from 'ajv';
import { pathFromPointer, type PathProblem } from './config-path';
import { describeSchemaError, exclusiveKeys } from './describe-schema-error';

/**
 * ajv's errors in words a person configuring Leadbridge understands. `if` errors only repeat the
 * `then` branch's own, and a "one of" rule's branch errors are summed up by the rule.
 */
export function schemaProblems(errors: readonly ErrorObject[], data: unknown): PathProblem[] {
  const summarised = errors.filter(
    (error) => error.keyword === 'oneOf' && exclusiveKeys(error.schema) !== undefined,
  );
  const problems: PathProblem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    // `if` only repeats its `then` branch's errors; `propertyNames` its pattern's.
    if (error.keyword === 'if' || error.keyword === 'propertyNames') continue;
    const withinOneOf = summarised.some(
      (oneOf) =>
        oneOf.instancePath === error.instancePath &&
        error.schemaPath.startsWith(`${oneOf.schemaPath}/`),
    );
    if (withinOneOf) continue;
    const path = pathFromPointer(error.instancePath, data);
    // An error about a key rather than a value is placed at the key.
    if (error.propertyName !== undefined) path.push(error.propertyName);
    const problem = describeSchemaError(error, path);
    // A destination's name is checked both before and after its type is known.
    const key = JSON.stringify(problem);
    if (!seen.has(key)) problems.push(problem);
    seen.add(key);
  }
  return problems;
}
