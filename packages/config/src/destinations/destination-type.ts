import type { TObject } from '@sinclair/typebox';
import type { ConfigPath, PathProblem } from '../config-path';

/** The path of a key inside the destination being checked. */
export type At = (...rest: (string | number)[]) => (string | number)[];
/** Whether the schema already found a problem at or above this path. */
export type Faulted = (path: ConfigPath) => boolean;

/** Everything the configuration knows about one kind of destination, keyed by its `type`. */
export interface DestinationType<T extends string> {
  /** Its entry in the file; its `type` key is `const` T. */
  readonly schema: TObject;
  /** The entry the schema accepted, with every default filled in. */
  // `never`: each type takes its own entry; the map's generic constraint checks only the result.
  readonly build: (entry: never) => { readonly type: T };
  /**
   * What the schema cannot say about an entry, run even when the schema found problems.
   * `destinations` is every entry of the file, for a setting that names another destination.
   */
  readonly check?: (
    destination: Record<string, unknown>,
    at: At,
    faulted: Faulted,
    destinations: readonly unknown[],
  ) => PathProblem[];
}
