import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { headerKey, IMPORT_FIELDS, importFieldNamed, type ColumnTarget } from './import-fields';

/** A `--columns` file that cannot be used; the message names the file's problem, never a value of the leads. */
export class ColumnsFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ColumnsFileError';
  }
}

const EXTRA_PREFIX = 'extra.';

function targetOf(header: string, value: unknown): ColumnTarget {
  if (value === null || (typeof value === 'string' && value.trim().toLowerCase() === 'ignore')) {
    return { kind: 'ignore' };
  }
  if (typeof value !== 'string') {
    throw new ColumnsFileError(`"${header}" must name a lead field, or be null to leave it out`);
  }
  const name = value.trim();
  if (name.toLowerCase().startsWith(EXTRA_PREFIX) && name.length > EXTRA_PREFIX.length) {
    return { kind: 'extra', key: name.slice(EXTRA_PREFIX.length) };
  }
  const field = importFieldNamed(name);
  if (!field) {
    throw new ColumnsFileError(
      `"${header}" names "${name}", which is not a lead field: use one of ${IMPORT_FIELDS.join(', ')}, Extra.<name>, or null`,
    );
  }
  return { kind: 'field', field };
}

/**
 * Reads a `--columns` file: a JSON or YAML object whose keys are headers of the imported file
 * and whose values name what each fills, e.g. `"Customer e-mail": UserDetails.Email`,
 * `"Opened": CreatedAt`, `"Internal notes": null`. Keys are compared as headers are, without
 * regard to case, spaces or punctuation.
 */
export async function readColumnsFile(path: string): Promise<ReadonlyMap<string, ColumnTarget>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ColumnsFileError(
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
  let parsed: unknown;
  try {
    // JSON is YAML too; one parser reads both.
    parsed = parseYaml(text);
  } catch (error) {
    throw new ColumnsFileError(`${path} is neither JSON nor YAML: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ColumnsFileError(`${path} must hold an object of "header": field`);
  }
  const columns = new Map<string, ColumnTarget>();
  for (const [header, value] of Object.entries(parsed)) {
    try {
      columns.set(headerKey(header), targetOf(header, value));
    } catch (error) {
      throw new ColumnsFileError(`${path}: ${(error as Error).message}`);
    }
  }
  return columns;
}
