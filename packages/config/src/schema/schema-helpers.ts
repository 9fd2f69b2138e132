import { Type, type Static, type TSchema, type TUnsafe } from '@sinclair/typebox';

/** Title and description: every shape in the schema has both, as editors show them. */
export interface Help {
  title: string;
  description: string;
  [keyword: string]: unknown;
}

/**
 * A `$ref` to one of the schema's `definitions`, typed as the definition it points to, so the
 * file's type follows the references as the validator does.
 */
export function ref<T extends TSchema>(
  name: string,
  _definition: T,
  help?: Help,
): TUnsafe<Static<T>> {
  return Type.Unsafe<Static<T>>({ ...help, $ref: `#/definitions/${name}` });
}

/** One of a few words, written as `enum` (TypeBox's union of literals would be an `anyOf`). */
export function oneOfWords<const T extends readonly string[]>(
  values: T,
  help: Help,
): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ ...help, enum: values });
}

/** Exactly this word, written as `const` alone, as in the branches chosen by `type`. */
export function exactly<const T extends string>(value: T, help: Help): TUnsafe<T> {
  return Type.Unsafe<T>({ ...help, const: value });
}
