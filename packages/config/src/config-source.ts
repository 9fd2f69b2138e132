import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { ConfigFileProblem } from './config-file-error';
import type { ConfigPath } from './config-path';

/** The file's text, parsed, with what is needed to point at any place in it. */
export interface ConfigSource {
  readonly doc: Document.Parsed;
  readonly lineCounter: LineCounter;
}

/** 1-based line and column of a place in the file. */
export interface Position {
  line: number;
  column: number;
}

/**
 * Parses YAML, and so JSON (JSON is YAML), keeping the source positions of every node.
 * Syntax errors are returned as problems rather than thrown, so all of them are reported.
 */
export function parseConfigSource(text: string): {
  source: ConfigSource;
  syntaxProblems: ConfigFileProblem[];
} {
  const lineCounter = new LineCounter();
  // prettyErrors would append a code excerpt to each message; the position is reported apart.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const syntaxProblems = doc.errors.map((error): ConfigFileProblem => {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    const message =
      error.code === 'MULTIPLE_DOCS'
        ? 'the file holds more than one document (a line "---" starts another); it must hold one'
        : error.message;
    return { path: '', line, column: col, message: `syntax error: ${message}` };
  });
  return { source: { doc, lineCounter }, syntaxProblems };
}

function start(source: ConfigSource, node: unknown): Position | undefined {
  if (!isNode(node) || !node.range) return undefined;
  const { line, col } = source.lineCounter.linePos(node.range[0]);
  return { line, column: col };
}

/**
 * Where a path is in the file: for a map entry its key, which is where a person looks first and
 * is there even when the value is empty; for a list item the item. A path that leads nowhere
 * (a missing key, or data of the wrong shape) falls back to the nearest place that exists.
 */
export function locate(source: ConfigSource, path: ConfigPath): Position | undefined {
  const { doc } = source;
  for (let depth = path.length; depth > 0; depth--) {
    const key = path[depth - 1];
    const parent = depth === 1 ? doc.contents : doc.getIn(path.slice(0, depth - 1), true);
    if (typeof key === 'string' && isMap(parent)) {
      // Compared as text: a key written as 1 is the number 1 in YAML and "1" in the data.
      const pair = parent.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === key,
      );
      const atKey = start(source, pair?.key);
      if (atKey) return atKey;
    }
    const atNode = start(source, doc.getIn(path.slice(0, depth), true));
    if (atNode) return atNode;
  }
  return start(source, doc.contents);
}
