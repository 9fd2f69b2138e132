/** A command that runs a package script: `npm start -w X` or `npm run <script> -w X`. */
export interface NpmScriptCall {
  script: string;
  /** The `-w`/`--workspace` value; undefined for the root package. */
  workspace?: string;
}

const FLAGS_WITH_VALUE = new Set(['-w', '--workspace']);

/** Reads an npm argument vector; undefined when it is not `npm start` or `npm run`. */
export function npmScriptCall(argv: readonly string[]): NpmScriptCall | undefined {
  if (argv[0] !== 'npm') return undefined;
  const positional: string[] = [];
  let workspace: string | undefined;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (FLAGS_WITH_VALUE.has(arg)) workspace = argv[++i];
    else if (arg.startsWith('--workspace=')) workspace = arg.slice('--workspace='.length);
    else if (!arg.startsWith('-')) positional.push(arg);
  }
  const [command, script] = positional;
  const call =
    command === 'start'
      ? 'start'
      : command === 'run' || command === 'run-script'
        ? script
        : undefined;
  if (call === undefined) return undefined;
  return workspace === undefined ? { script: call } : { script: call, workspace };
}
