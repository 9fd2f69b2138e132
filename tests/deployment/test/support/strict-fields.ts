import { join } from 'node:path';
import ts from 'typescript';
import { isRecord } from './repo';

/** Where the checked objects pretend to live, so `kubernetes-models` resolves from here. */
const VIRTUAL_DIR = join(__dirname, '__strict-fields__');

const OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.Node16,
  moduleResolution: ts.ModuleResolutionKind.Node16,
  target: ts.ScriptTarget.ES2022,
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  types: [],
};

/** `kubernetes-models/apps/v1/Deployment` and `IDeployment` for an object's apiVersion and kind. */
function typeOf(value: unknown): { module: string; name: string } {
  if (!isRecord(value) || typeof value.apiVersion !== 'string' || typeof value.kind !== 'string') {
    throw new Error('an object without apiVersion and kind');
  }
  return { module: `kubernetes-models/${value.apiVersion}/${value.kind}`, name: `I${value.kind}` };
}

/**
 * The fields of each object that its kind does not have, and values of the wrong type, found by
 * TypeScript: each object is written as a literal of kubernetes-models' type for its kind, and
 * an object literal may only name known properties. The Kubernetes API's own schemas allow any
 * field (kubectl refuses unknown ones only once it reaches a cluster), so a misspelt optional
 * field (`readOnlyRootFileSystem`) would otherwise pass, and quietly not apply.
 *
 * Returns one list of problems per object, in order.
 */
export function unknownFields(objects: readonly unknown[]): string[][] {
  const files = new Map(
    objects.map((value, index) => {
      const { module, name } = typeOf(value);
      const text = [
        `import type { ${name} } from '${module}';`,
        `export const object: ${name} = ${JSON.stringify(value, null, 2)};`,
      ].join('\n');
      return [join(VIRTUAL_DIR, `object-${index}.ts`), text] as const;
    }),
  );
  const host = ts.createCompilerHost(OPTIONS);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    const text = files.get(fileName);
    return text === undefined
      ? getSourceFile(fileName, languageVersion, ...rest)
      : ts.createSourceFile(fileName, text, languageVersion);
  };
  host.fileExists = (fileName) => files.has(fileName) || fileExists(fileName);
  host.readFile = (fileName) => files.get(fileName) ?? readFile(fileName);
  const program = ts.createProgram([...files.keys()], OPTIONS, host);
  return [...files.keys()].map((fileName) =>
    ts
      .getPreEmitDiagnostics(program, program.getSourceFile(fileName))
      .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')),
  );
}
