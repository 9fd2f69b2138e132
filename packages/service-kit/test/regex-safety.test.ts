import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { check } from 'recheck';
import ts from 'typescript';

// Every regular expression in the source of the services and packages is checked for
// super-linear backtracking (ReDoS) with recheck, so a new pattern that could let a request,
// a Dataverse answer or an SMTP reply stall the event loop fails here the day it is written.
jest.setTimeout(120_000);

const ROOT = join(__dirname, '..', '..', '..');
// Test helpers never run in a deployment.
const SOURCE_ROOTS = ['services', 'packages'];
const NOT_SHIPPED = new Set(['packages/test-support']);

/**
 * Patterns that may backtrack, but only over what an operator wrote (configuration, a key file)
 * or what Leadbridge itself sends (the simulator, a local stand-in for Dataverse): never over a
 * stranger's input. Each stays listed only while it exists.
 */
const TRUSTED_INPUT: ReadonlyArray<{ file: string; pattern: string; why: string }> = [
  { file: 'services/worker/src/config.ts', pattern: '/\\/+$/', why: 'a configured URL' },
  {
    file: 'services/worker/src/destinations/dataverse/dataverse-from-config.ts',
    pattern: '/\\/+$/',
    why: 'configured URLs',
  },
  {
    file: 'packages/config/src/destinations/dataverse/build-dataverse.ts',
    pattern: '/\\/+$/',
    why: 'a configured URL',
  },
  {
    file: 'packages/config/src/describe-schema-error.ts',
    pattern: '/(\\w+)\\/pattern$/',
    why: "the configuration schema's own paths",
  },
  {
    file: 'services/worker/src/destinations/dataverse/msal-clients.ts',
    pattern:
      '/-----BEGIN (?:RSA |EC )?PRIVATE KEY-----[\\s\\S]+?-----END (?:RSA |EC )?PRIVATE KEY-----/',
    why: "the operator's certificate file",
  },
  {
    file: 'services/worker/src/destinations/dataverse/msal-clients.ts',
    pattern: '/-----BEGIN CERTIFICATE-----[\\s\\S]+?-----END CERTIFICATE-----/',
    why: "the operator's certificate file",
  },
  {
    file: 'packages/dataverse-simulator/src/dataverse/filter-expression.ts',
    pattern: '/^\\s*([A-Za-z_][A-Za-z0-9_]*(?:\\/[A-Za-z_][A-Za-z0-9_]*)?)\\s+eq\\s+(.+?)\\s*$/s',
    why: "the worker's own queries",
  },
  {
    file: 'packages/dataverse-simulator/src/dataverse/metadata-expand.ts',
    pattern: '/^\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(?:\\((.*)\\))?\\s*$/s',
    why: "the worker's own queries",
  },
  {
    file: 'packages/dataverse-simulator/src/identity/issue-token.ts',
    pattern: '/\\/+$/',
    why: "the worker's own token requests",
  },
];

// recheck's limits in steps stay; its limits in time go (the recall check, which runs an attack
// for real, stays skipped as by default).
const STEPS_NOT_TIME = { timeout: null, attackTimeout: null, incubationTimeout: null } as const;

interface FoundPattern {
  file: string;
  line: number;
  /** As written: `/source/flags`, or the call for a pattern built at run time. */
  pattern: string;
  source?: string | undefined;
  flags?: string | undefined;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

function shippedSourceDirs(): string[] {
  return SOURCE_ROOTS.flatMap((root) =>
    readdirSync(join(ROOT, root))
      .map((name) => `${root}/${name}`)
      .filter((workspace) => !NOT_SHIPPED.has(workspace))
      .map((workspace) => join(ROOT, workspace, 'src'))
      .filter((dir) => statSync(dir, { throwIfNoEntry: false })?.isDirectory()),
  );
}

/** Regex literals and `new RegExp(…)`/`RegExp(…)` calls, found by parsing, not by grepping. */
function patternsIn(path: string): FoundPattern[] {
  const text = readFileSync(path, 'utf8');
  const file = relative(ROOT, path).split('\\').join('/');
  const tree = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const found: FoundPattern[] = [];
  const lineOf = (node: ts.Node) => tree.getLineAndCharacterOfPosition(node.getStart()).line + 1;
  const visit = (node: ts.Node): void => {
    if (ts.isRegularExpressionLiteral(node)) {
      const literal = node.getText();
      const end = literal.lastIndexOf('/');
      found.push({
        file,
        line: lineOf(node),
        pattern: literal,
        source: literal.slice(1, end),
        flags: literal.slice(end + 1),
      });
    } else if (
      (ts.isNewExpression(node) || ts.isCallExpression(node)) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'RegExp'
    ) {
      const [source, flags] = node.arguments ?? [];
      const literal = (arg: ts.Expression | undefined) =>
        arg && ts.isStringLiteralLike(arg) ? arg.text : undefined;
      found.push({
        file,
        line: lineOf(node),
        pattern: node.getText(),
        source: literal(source),
        flags: flags ? literal(flags) : '',
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return found;
}

const patterns = shippedSourceDirs().flatMap(sourceFiles).flatMap(patternsIn);

function trusted(found: FoundPattern): boolean {
  return TRUSTED_INPUT.some(
    (entry) => entry.file === found.file && entry.pattern === found.pattern,
  );
}

describe('regular expressions in the shipped source', () => {
  it('are found in every service and package, the redaction patterns among them', () => {
    const files = new Set(patterns.map((found) => found.file));

    expect(files).toContain('packages/service-kit/src/redact-text.ts');
    expect(files).toContain('packages/service-kit/src/mask-url.ts');
    expect(files).toContain('services/api/src/http/request-context.ts');
    expect(files).toContain('services/worker/src/alerts/alert.ts');
    expect(patterns.length).toBeGreaterThan(50);
  });

  it('never backtrack super-linearly on outside input (recheck finds each one safe)', async () => {
    const checked = patterns.filter((found) => !trusted(found));

    // One at a time and judged by steps, not by the clock: recheck's time limits would call a
    // safe pattern vulnerable on a busy machine.
    const verdicts: string[] = [];
    for (const found of checked) {
      const where = `${found.file}:${found.line} ${found.pattern}`;
      if (found.source === undefined || found.flags === undefined) {
        verdicts.push(
          `${where}: built at run time, so it cannot be checked; write it as a literal`,
        );
        continue;
      }
      const result = await check(found.source, found.flags, STEPS_NOT_TIME);
      if (result.status === 'safe') continue;
      const attack = result.status === 'vulnerable' ? ` (attack: ${result.attack.pattern})` : '';
      verdicts.push(`${where}: ${result.status}${attack}`);
    }

    expect(verdicts).toEqual([]);
  });

  it('are trusted only where they still exist, so the list of exceptions cannot rot', () => {
    const stale = TRUSTED_INPUT.filter(
      (entry) =>
        !patterns.some((found) => found.file === entry.file && found.pattern === entry.pattern),
    );

    expect(stale).toEqual([]);
  });
});
