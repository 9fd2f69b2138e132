import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildConfig } from './build-config';
import { checkSemantics } from './check-semantics';
import { ConfigFileError, type ConfigFileProblem } from './config-file-error';
import type { ConfigFileContents } from './config-file-schema';
import { formatPath, type PathProblem } from './config-path';
import { validateConfigSchema } from './config-schema';
import { locate, parseConfigSource, type ConfigSource } from './config-source';
import type { LeadbridgeConfig } from './config-types';
import { schemaProblems } from './schema-problems';

export type FileConfig = Omit<LeadbridgeConfig, 'source'> & {
  readonly source: { kind: 'file'; path: string };
};

const READ_FAILURES: Readonly<Record<string, string>> = {
  ENOENT: 'there is no such file',
  EACCES: 'permission denied',
  EISDIR: 'it is a directory, not a file',
};

function readText(path: string, namedBy: string | undefined): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    const reason = (code && READ_FAILURES[code]) ?? message;
    const what = namedBy ? `the configuration file named by ${namedBy}` : 'the configuration file';
    throw new ConfigFileError(path, [{ path: '', message: `cannot read ${what}: ${reason}` }]);
  }
}

function placed(source: ConfigSource, problem: PathProblem): ConfigFileProblem {
  const position = locate(source, problem.path);
  return { path: formatPath(problem.path), ...position, message: problem.message };
}

function byPosition(a: ConfigFileProblem, b: ConfigFileProblem): number {
  return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}

/** Every problem of the file's text, in file order; none means it can be built. */
function problemsOf(text: string): { problems: ConfigFileProblem[]; data: unknown } {
  const { source, syntaxProblems } = parseConfigSource(text);
  // After a syntax error the data is a guess, and checking it would report phantom problems.
  if (syntaxProblems.length > 0) return { problems: syntaxProblems, data: undefined };
  if (source.doc.contents === null) {
    const message = 'the file is empty: it needs at least a list of destinations';
    return { problems: [{ path: '', message }], data: undefined };
  }
  let data: unknown;
  try {
    data = source.doc.toJS();
  } catch (error) {
    // yaml refuses aliases that would expand without bound.
    return { problems: [{ path: '', message: (error as Error).message }], data: undefined };
  }
  const fromSchema = validateConfigSchema(data)
    ? []
    : schemaProblems(validateConfigSchema.errors ?? [], data);
  const all = [...fromSchema, ...checkSemantics(data, fromSchema)];
  return { problems: all.map((problem) => placed(source, problem)).sort(byPosition), data };
}

/**
 * Reads and checks a configuration file (YAML, or JSON, which is YAML). Throws a
 * ConfigFileError listing every problem with its line and column, or saying why the file cannot
 * be read, naming `namedBy`, the variable that named the file, in a read failure.
 */
export function readConfigFile(path: string, namedBy?: string): FileConfig {
  const { problems, data } = problemsOf(readText(path, namedBy));
  if (problems.length > 0) throw new ConfigFileError(path, problems);
  return {
    ...buildConfig(data as ConfigFileContents),
    source: Object.freeze({ kind: 'file', path: resolve(path) }),
  };
}
