import { unsupportedQueryError } from './dataverse-error';

/** One navigation property `$expand` asks for, with the `$select` inside its parentheses. */
export interface ExpandItem {
  property: string;
  select?: string[];
}

const ITEM = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\((.*)\))?\s*$/s;

/** Splits at the commas outside parentheses: `A($select=x,y),B` is two items. */
function topLevelItems(raw: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < raw.length; index += 1) {
    const char = raw[index];
    if (char === '(') depth += 1;
    else if (char === ')') depth -= 1;
    else if (char === ',' && depth === 0) {
      items.push(raw.slice(start, index));
      start = index + 1;
    }
  }
  items.push(raw.slice(start));
  return items;
}

function nestedSelect(options: string): string[] | undefined {
  let select: string[] | undefined;
  for (const part of options.split(';')) {
    const [name, value = ''] = part.split('=', 2).map((text) => text.trim());
    if (name === '' && value === '') continue;
    if (name !== '$select') {
      throw unsupportedQueryError(
        `This simulator supports only $select inside $expand, not '${name ?? part}'.`,
      );
    }
    select = value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  }
  return select;
}

/** Parses `$expand` on metadata: `OptionSet`, `OptionSet($select=Options),GlobalOptionSet`. */
export function parseExpand(raw: string): ExpandItem[] {
  return topLevelItems(raw).map((text) => {
    const match = ITEM.exec(text);
    if (!match?.[1]) {
      throw unsupportedQueryError(
        `This simulator supports $expand only as <property> or <property>($select=...), not '${text.trim()}'.`,
      );
    }
    const select = match[2] === undefined ? undefined : nestedSelect(match[2]);
    return select ? { property: match[1], select } : { property: match[1] };
  });
}
