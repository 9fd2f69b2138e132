import { readRepoFile } from './repo';

export interface Instruction {
  /** Upper case: `FROM`, `RUN`, `COPY`… */
  keyword: string;
  args: string;
}

export interface Stage {
  image: string;
  name?: string;
  instructions: Instruction[];
}

/** Instructions by stage, with continuation lines joined and comments dropped. */
export function readDockerfile(path = 'Dockerfile'): Stage[] {
  const logicalLines = readRepoFile(path)
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const stages: Stage[] = [];
  for (const line of logicalLines) {
    const [keyword = '', ...rest] = line.split(/\s+/);
    const instruction = { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    if (instruction.keyword === 'FROM') {
      const [image = '', as, name] = rest;
      stages.push({
        image,
        ...(as?.toUpperCase() === 'AS' && name ? { name } : {}),
        instructions: [],
      });
    }
    stages.at(-1)?.instructions.push(instruction);
  }
  return stages;
}

/** The stage the image is made of: the last one. */
export function finalStage(stages: Stage[]): Stage {
  const stage = stages.at(-1);
  if (!stage) throw new Error('the Dockerfile has no stage');
  return stage;
}

/** The argument vector of an exec-form (`["a", "b"]`) CMD or ENTRYPOINT. */
export function execForm(args: string): string[] {
  const parsed: unknown = JSON.parse(args);
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) {
    throw new Error(`not an exec-form argument list: ${args}`);
  }
  return parsed;
}

export function instructionsOf(stage: Stage, keyword: string): string[] {
  return stage.instructions.filter((item) => item.keyword === keyword).map((item) => item.args);
}

/** The value an `ENV` instruction of the stage gives `name` (`ENV A=1 B=2` form). */
export function envOf(stage: Stage, name: string): string | undefined {
  let value: string | undefined;
  for (const args of instructionsOf(stage, 'ENV')) {
    for (const pair of args.split(/\s+/)) {
      const [key, ...rest] = pair.split('=');
      if (key === name) value = rest.join('=');
    }
  }
  return value;
}
