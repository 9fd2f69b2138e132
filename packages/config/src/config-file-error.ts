/** One thing wrong with the configuration file, where an editor can jump to it. */
export interface ConfigFileProblem {
  /** Where in the configuration, e.g. `destinations[0].mapping.subject`; empty for the whole file. */
  path: string;
  /** 1-based, when the problem can be placed in the file. */
  line?: number;
  /** 1-based. */
  column?: number;
  message: string;
}

/** `file:line:column path: message`, the shape editors and terminals turn into a link. */
export function formatProblem(file: string, problem: ConfigFileProblem): string {
  if (problem.line === undefined) {
    return `${file}: ${problem.path === '' ? '' : `${problem.path}: `}${problem.message}`;
  }
  const place = `${file}:${problem.line}:${problem.column ?? 1}`;
  return problem.path === ''
    ? `${place} ${problem.message}`
    : `${place} ${problem.path}: ${problem.message}`;
}

/**
 * The configuration file cannot be used. It carries every problem found, not only the first, so
 * that one round of editing fixes the file; the message lists them one per line.
 */
export class ConfigFileError extends Error {
  constructor(
    /** The file as it was named. */
    readonly file: string,
    readonly problems: ConfigFileProblem[],
  ) {
    super(problems.map((problem) => formatProblem(file, problem)).join('\n'));
    this.name = 'ConfigFileError';
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
