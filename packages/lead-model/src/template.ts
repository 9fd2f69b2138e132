import { didYouMean } from './util/closest-name';
import {
  LEAD_FIELDS,
  leadFieldText,
  leadFieldValue,
  resolveLeadField,
  type LeadFieldValues,
} from './lead-fields';

/** A checked template: `{Field}` placeholders in text, `{{` and `}}` for literal braces. */
export interface Template {
  readonly source: string;
  /** The fields it names, once each, spelled as LEAD_FIELDS spells them. */
  readonly fields: readonly string[];
}

export type ParseTemplateResult =
  { ok: true; template: Template } | { ok: false; problems: string[] };

type Piece = { text: string } | { field: string };

/** Splits a template into text and placeholders, noting what is wrong on the way. */
function scan(source: string): { pieces: Piece[]; problems: string[] } {
  const pieces: Piece[] = [];
  const problems: string[] = [];
  let text = '';
  let at = 0;
  while (at < source.length) {
    const char = source.charAt(at);
    const doubled = source.charAt(at + 1) === char;
    if ((char === '{' || char === '}') && doubled) {
      text += char;
      at += 2;
    } else if (char === '}') {
      problems.push(`lone "}" at character ${at + 1} (write "}}" for a literal brace)`);
      text += char;
      at += 1;
    } else if (char === '{') {
      const close = source.indexOf('}', at + 1);
      const reopen = source.indexOf('{', at + 1);
      if (close === -1 || (reopen !== -1 && reopen < close)) {
        problems.push(`unclosed "{" at character ${at + 1} (write "{{" for a literal brace)`);
        text += char;
        at += 1;
        continue;
      }
      const name = source.slice(at + 1, close).trim();
      if (name === '') problems.push(`empty placeholder "{}" at character ${at + 1}`);
      else {
        if (text !== '') pieces.push({ text });
        text = '';
        pieces.push({ field: name });
      }
      at = close + 1;
    } else {
      text += char;
      at += 1;
    }
  }
  if (text !== '') pieces.push({ text });
  return { pieces, problems };
}

/** Checks a template: every placeholder must name a lead field and every brace be paired. */
export function parseTemplate(source: string): ParseTemplateResult {
  const { pieces, problems } = scan(source);
  const fields: string[] = [];
  for (const piece of pieces) {
    if (!('field' in piece)) continue;
    const resolved = resolveLeadField(piece.field);
    if (resolved === undefined) {
      problems.push(`unknown field "${piece.field}"${didYouMean(piece.field, LEAD_FIELDS)}`);
    } else if (!fields.includes(resolved)) {
      fields.push(resolved);
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, template: Object.freeze({ source, fields: Object.freeze(fields) }) };
}

/**
 * The template's text for one lead. A missing value renders as nothing and a boolean as "yes" or
 * "no". `escape` (e.g. {@link escapeHtml}) is applied to the values only, never to the template's
 * own text, which the person configuring it wrote on purpose.
 */
export function renderTemplate(
  template: Template,
  values: LeadFieldValues,
  escape: (text: string) => string = (text) => text,
): string {
  return scan(template.source)
    .pieces.map((piece) =>
      'field' in piece ? escape(leadFieldText(leadFieldValue(values, piece.field))) : piece.text,
    )
    .join('');
}

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe to place in HTML, including inside a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ENTITIES[char] ?? char);
}
