import { isRecord } from '@leadbridge/lead-model';
import { compileMapping, type MappingSpec } from '@leadbridge/lead-model/mapping';
import type { PathProblem } from '../../config-path';
import type { At, Faulted } from '../destination-type';

/** A token file and a tenant are only given where the credential uses them. */
function checkCredential(destination: Record<string, unknown>, at: At, faulted: Faulted) {
  const { credential } = destination;
  const found: PathProblem[] = [];
  if (destination.federatedTokenFile !== undefined && credential !== 'workload-identity') {
    found.push({
      path: at('federatedTokenFile'),
      message: 'is only used with credential: workload-identity',
    });
  }
  if (faulted(at('credential'))) return found;
  if (credential === 'managed-identity' && destination.tenantId !== undefined) {
    found.push({
      path: at('tenantId'),
      message: "is not used with credential: managed-identity (the identity's own tenant is)",
    });
  }
  return found;
}

/**
 * The credential must agree with its keys, the mapping must compile, and an offer column for
 * repeat customers must be one it writes.
 */
export function checkDataverse(
  destination: Record<string, unknown>,
  at: At,
  faulted: Faulted,
): PathProblem[] {
  const found: PathProblem[] = [...checkCredential(destination, at, faulted)];
  // The schema has checked the shapes of both, or faulted them.
  const compiled =
    faulted(at('mapping')) || faulted(at('columnLengths'))
      ? undefined
      : compileMapping(
          destination.mapping as MappingSpec | undefined,
          isRecord(destination.columnLengths)
            ? { columnLengths: destination.columnLengths as Record<string, number> }
            : {},
        );
  for (const problem of compiled?.problems ?? []) {
    found.push({ path: at('mapping', ...problem.path), message: problem.message });
  }

  const repeat = destination.repeatCustomers;
  const where = at('repeatCustomers', 'offerColumn');
  if (!isRecord(repeat) || typeof repeat.offerColumn !== 'string' || faulted(where)) return found;
  const { offerColumn } = repeat;
  if (repeat.action !== 'update-open-lead') {
    found.push({ path: where, message: 'is only used with action: update-open-lead' });
  } else if (compiled && !compiled.mapping.columns.some(({ column }) => column === offerColumn)) {
    found.push({
      path: where,
      message: `"${offerColumn}" is not a column the mapping writes: add it to mapping, e.g. ${offerColumn}: OfferId`,
    });
  }
  return found;
}
