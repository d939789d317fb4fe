// Programme eligibility (programme.eligibility jsonb). The documented shape:
//   { "minAge": 16, "maxAge": 66, "benefitTypes": ["JSA", "ESA", "UC"] }
// every key optional; an empty object admits everyone. Ages are whole years
// on the day the prime decides.
import { z } from 'zod';

export const EligibilityRules = z
  .object({
    minAge: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe('Youngest age admitted, in whole years on the day of acceptance.'),
    maxAge: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe('Oldest age admitted, in whole years on the day of acceptance.'),
    benefitTypes: z
      .array(z.string())
      .optional()
      .describe('Benefit types admitted; absent admits any.'),
  })
  .describe('programme.eligibility');
export type EligibilityRules = z.infer<typeof EligibilityRules>;

export interface EligibilityFailure {
  rule: 'minAge' | 'maxAge' | 'benefitTypes' | 'dateOfBirth';
  message: string;
}

export function ageOn(dateOfBirth: string, today: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/** The first rule the participant fails, or null when eligible. Unknown keys in the stored rules are ignored. */
export function checkEligibility(options: {
  rules: unknown;
  dateOfBirth: string | null;
  benefitType: string | null;
  today: string;
}): EligibilityFailure | null {
  const rules = EligibilityRules.safeParse(options.rules ?? {});
  const { minAge, maxAge, benefitTypes } = rules.success ? rules.data : {};
  if ((minAge !== undefined || maxAge !== undefined) && !options.dateOfBirth)
    return {
      rule: 'dateOfBirth',
      message: 'the programme has an age rule and the date of birth is missing',
    };
  if (options.dateOfBirth) {
    const age = ageOn(options.dateOfBirth, options.today);
    if (minAge !== undefined && age < minAge)
      return { rule: 'minAge', message: `aged ${age}, the programme admits ${minAge} and over` };
    if (maxAge !== undefined && age > maxAge)
      return { rule: 'maxAge', message: `aged ${age}, the programme admits up to ${maxAge}` };
  }
  if (benefitTypes && !benefitTypes.includes(options.benefitType ?? '')) {
    return {
      rule: 'benefitTypes',
      message: `benefit type ${options.benefitType ?? '(none)'} is not one of ${benefitTypes.join(', ')}`,
    };
  }
  return null;
}
