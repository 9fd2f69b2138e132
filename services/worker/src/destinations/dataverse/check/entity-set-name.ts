/**
 * The entity set Dataverse names a table by unless its maker chose another: the logical name in
 * the plural, by English spelling rules (campaign → campaigns, opportunity → opportunities,
 * address → addresses).
 */
export function likelyEntitySet(logicalName: string): string {
  if (/[^aeiou]y$/.test(logicalName)) return `${logicalName.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(logicalName)) return `${logicalName}es`;
  return `${logicalName}s`;
}

/**
 * Whether a lookup bound to `/<entitySet>(<id>)` points into the table `target`, judged from the
 * names alone (the check reads the lead table's metadata only): the set is the table's likely
 * entity set, or the logical name plus a plain "s", a plural some tables' makers keep even after
 * a "y" or an "s". Entity set names are case-sensitive in the Web API, and so is this. A table
 * whose maker chose another entity set is reported; its EntitySetName settles the question.
 */
export function entitySetMatches(entitySet: string, target: string): boolean {
  return entitySet === likelyEntitySet(target) || entitySet === `${target}s`;
}
