import type { CompiledColumn } from '@leadbridge/lead-model/mapping';
import type { LeadAttribute } from '../org-setup-reads';
import type { MappingFinding } from './check-report';
import { closestColumn } from './closest-column';
import {
  ACCEPTED_TYPES,
  describeAttribute,
  KIND_REMEDY,
  KIND_WORDS,
  kindOfType,
} from './column-kinds';
import { entitySetMatches, likelyEntitySet } from './entity-set-name';

const PREFIX_HINT = 'the names of custom columns carry their publisher prefix';

type Verdict = Pick<MappingFinding, 'status' | 'explanation' | 'remedy' | 'suggestion'>;

function unknownColumn(
  mapped: CompiledColumn,
  attributes: ReadonlyMap<string, LeadAttribute>,
): Verdict {
  const { column } = mapped;
  const closest = closestColumn(column, attributes.keys());
  if (!closest) {
    const remedy = column.includes('_')
      ? `create ${column} on the lead table in Power Apps (Tables → Lead → Columns), or fix its name in the mapping`
      : `fix the column's name in the mapping, or create the column in Power Apps (Tables → Lead → Columns); ${PREFIX_HINT}, e.g. new_${column}`;
    return {
      status: 'unknown-column',
      explanation: "the org's lead table has no such column",
      remedy,
    };
  }
  const why =
    closest.reason === 'case'
      ? ' (logical names are lower case)'
      : closest.reason === 'prefix'
        ? ` (${PREFIX_HINT})`
        : '';
  return {
    status: 'unknown-column',
    explanation: `the org's lead table has no such column; did you mean ${closest.name}?${why}`,
    remedy: `write ${closest.name} in the mapping instead of ${column}`,
    suggestion: closest.name,
  };
}

function wrongType(mapped: CompiledColumn, attribute: LeadAttribute): Verdict {
  const { column, kind } = mapped;
  const wanted = kindOfType(attribute.type);
  const remedy = wanted
    ? `give ${column} ${KIND_REMEDY[wanted]} in the mapping, or send ${KIND_WORDS[kind]} to ${kind === 'text' ? 'a text' : `another ${kind}`} column`
    : `send ${KIND_WORDS[kind]} to another column: Leadbridge does not write ${attribute.type} columns`;
  return {
    status: 'wrong-type',
    explanation: `the mapping sends ${KIND_WORDS[kind]}, but the org's column is ${describeAttribute(attribute)}`,
    remedy,
  };
}

/** Checks what only applies once the type fits: choices, lengths, lookup targets. */
function valueProblems(mapped: CompiledColumn, attribute: LeadAttribute): Verdict | undefined {
  const { column, choiceValues, maxLength, lookupEntitySet } = mapped;
  const options = attribute.options;
  if (choiceValues && options) {
    const missing = choiceValues.filter((value) => !options.includes(value));
    if (missing.length > 0) {
      const accepted = options.join(', ');
      return {
        status: 'choice-out-of-range',
        explanation: `the org's choice has no option ${missing.join(' or ')} (it accepts ${accepted})`,
        remedy: `use values ${column} accepts (${accepted}) in the mapping, or add option ${missing.join(', ')} to ${column} in Power Apps`,
      };
    }
  }
  const orgLength = attribute.maxLength;
  if (maxLength !== undefined && orgLength !== undefined && orgLength < maxLength) {
    return {
      status: 'too-short',
      explanation: `the org's column holds ${orgLength} characters, but Leadbridge sends up to ${maxLength}`,
      remedy: `make ${column} at least ${maxLength} characters long in Power Apps (Tables → Lead → Columns), or give ${column} a length of ${orgLength} in the mapping's column lengths so longer values are cut`,
    };
  }
  const targets = attribute.targets ?? [];
  if (lookupEntitySet !== undefined && targets.length > 0) {
    if (!targets.some((target) => entitySetMatches(lookupEntitySet, target))) {
      const [first = ''] = targets;
      const lower = lookupEntitySet.toLowerCase();
      const caseOnly = targets.some((target) => entitySetMatches(lower, target));
      return {
        status: 'lookup-target',
        explanation: `the org's column points to ${targets.join(' or ')} records, but the mapping binds it to ${lookupEntitySet}`,
        remedy: caseOnly
          ? `bind ${column} to ${lower}: entity set names are case-sensitive`
          : `bind ${column} to ${likelyEntitySet(first)}, the entity set of ${first} (a custom table may have another: see its EntitySetName)`,
      };
    }
  }
  return undefined;
}

function fits(mapped: CompiledColumn, attribute: LeadAttribute): string {
  const described = describeAttribute(attribute);
  const { maxLength, lookupEntitySet } = mapped;
  if (mapped.kind === 'text' && attribute.maxLength !== undefined) {
    return maxLength === undefined
      ? `${described}; Leadbridge does not cut this value, so one longer than ${attribute.maxLength} would be refused`
      : `${described}; Leadbridge sends up to ${maxLength}`;
  }
  if (mapped.kind === 'choice' && attribute.options) {
    return `${described} with options ${attribute.options.join(', ')}`;
  }
  if (lookupEntitySet !== undefined && attribute.targets) {
    return `${described} pointing to ${attribute.targets.join(' or ')} (${lookupEntitySet})`;
  }
  return described;
}

function verdict(
  mapped: CompiledColumn,
  attributes: ReadonlyMap<string, LeadAttribute>,
): Verdict & { orgType?: string } {
  const attribute = attributes.get(mapped.column);
  if (!attribute) return unknownColumn(mapped, attributes);
  const orgType = attribute.type;
  if (!ACCEPTED_TYPES[mapped.kind].includes(attribute.type)) {
    return { ...wrongType(mapped, attribute), orgType };
  }
  if (!attribute.isValidForCreate) {
    const state = attribute.type === 'State';
    return {
      status: 'not-writable',
      explanation: `Dataverse does not let a new lead set this column (IsValidForCreate is false${state ? ': a new lead is always open' : ''})`,
      remedy: `remove ${mapped.column} from the mapping (give it null)`,
      orgType,
    };
  }
  const problem = valueProblems(mapped, attribute);
  if (problem) return { ...problem, orgType };
  return { status: 'ok', explanation: fits(mapped, attribute), orgType };
}

/**
 * How each column a mapping writes fits the org's lead table, one finding per column in the
 * mapping's order. A column gets the first problem found, in the order a fix would go: the
 * column exists, takes this type of value, may be set on create, then its choices, length and
 * lookup target. Fixing one problem may reveal the next on the following run. Pure.
 */
export function compareMapping(
  columns: readonly CompiledColumn[],
  attributes: ReadonlyMap<string, LeadAttribute>,
): MappingFinding[] {
  return columns.map((mapped) => ({
    column: mapped.column,
    source: mapped.source,
    kind: mapped.kind,
    ...verdict(mapped, attributes),
  }));
}
