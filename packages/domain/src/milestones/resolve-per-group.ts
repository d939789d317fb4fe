import { DomainError } from '../errors/domain-error.js';
import { MilestoneError } from './milestone.errors.js';
import { type PerGroup } from './milestone-rule.types.js';

export function resolvePerGroup<T>({
  value,
  paymentGroup,
  field,
}: {
  value: PerGroup<T>;
  paymentGroup: string;
  field: string;
}): T {
  if (typeof value !== 'object' || value === null || !('byGroup' in value)) return value;
  const resolved = value.byGroup[paymentGroup] ?? value.otherwise;
  if (resolved === undefined) {
    throw new DomainError(
      MilestoneError.GROUP_NOT_CONFIGURED,
      `${field} has no value for payment group ${paymentGroup}`,
      {
        field,
        paymentGroup,
        allowed: Object.keys(value.byGroup),
      },
    );
  }
  return resolved;
}
