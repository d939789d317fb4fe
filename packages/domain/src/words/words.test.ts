import {
  BARRIER_TYPES,
  CLAIM_STATUSES,
  ORGANISATION_KINDS,
  REFERRAL_STATUSES,
  ROLES,
  TURNOVER_BANDS,
} from '../vocabulary.js';
import {
  explainInWords,
  formatDayInWords,
  formatHourlyPay,
  formatPerson,
  formatPounds,
} from './render.js';
import { describeAuditAction, knownAuditActions } from './audit-words.js';
import { CODE_SHAPE, dictionaryCodes, NOTIFICATION_KIND_DESCRIPTION, wordFor } from './words.js';

describe('the dictionary', () => {
  it('has words for every status, role, organisation kind, turnover band and barrier the domain declares', () => {
    for (const code of [...CLAIM_STATUSES, ...REFERRAL_STATUSES])
      expect(wordFor('status', code)).not.toMatch(/_|^[A-Z]+$/);
    for (const code of ROLES) expect(wordFor('role', code)).not.toBe(code);
    for (const code of ORGANISATION_KINDS) expect(wordFor('organisationKind', code)).not.toBe(code);
    for (const code of TURNOVER_BANDS) expect(wordFor('turnoverBand', code)).not.toBe(code);
    for (const code of BARRIER_TYPES) expect(wordFor('barrierType', code)).not.toBe(code);
  });

  it('keeps benefit types apart from payment groups: ESA_FLOW is a benefit in words', () => {
    expect(wordFor('benefitType', 'ESA_FLOW')).toBe(
      'Employment and Support Allowance, new claimant',
    );
    expect(wordFor('benefitType', 'UC')).toBe('Universal Credit (UC)');
    expect(wordFor('benefitType', 'IB_IS')).toBe('Incapacity Benefit or Income Support');
  });

  it('reads an unknown code as sentence-case words, never as the raw code', () => {
    expect(wordFor('status', 'SOMETHING_NEW')).toBe('Something new');
    expect(wordFor('status', null)).toBe('—');
  });

  it('lists its code-shaped keys for the browser test that hunts raw codes', () => {
    expect(dictionaryCodes()).toEqual(
      expect.arrayContaining(['PRIME_QUERIED', 'ESA_FLOW', 'OFFENDING', 'JSA_EX_IB']),
    );
    expect(dictionaryCodes().every((code) => CODE_SHAPE.test(code))).toBe(true);
  });

  it('names every notification kind and audit action from the one dictionary, and hunts their codes on pages', () => {
    for (const kind of Object.keys(NOTIFICATION_KIND_DESCRIPTION))
      expect(wordFor('notificationKind', kind)).not.toMatch(/_|^[A-Z]+$/);
    expect(wordFor('notificationKind', 'DOCUMENT_EXPIRING')).toBe('Document expiring');
    expect(wordFor('auditAction', 'search.ni-number')).toBe(
      'Participants searched by National Insurance number',
    );
    expect(wordFor('auditAction', 'due-diligence.notify-expiry')).toBe(
      'Told that a due-diligence document is expiring',
    );
    // An action not named yet still reads as words, never as its dotted code.
    expect(wordFor('auditAction', 'claim-sample.reopen')).toBe('Claim sample: reopen');
    expect(describeAuditAction('claim-sample.reopen')).toBe('Claim sample: reopen');
    expect(wordFor('recordType', 'due_diligence_record')).toBe('Due-diligence record');
    expect(dictionaryCodes()).toEqual(
      expect.arrayContaining([
        'DOCUMENT_EXPIRING',
        'ALERT_RAISED',
        'claim.draft',
        'search.ni-number',
      ]),
    );
    expect(knownAuditActions().map((a) => a.action)).toContain('search.ni-number');
  });
});

describe('renderers', () => {
  it('shows money in pounds with pence, a negative amount in brackets', () => {
    expect(formatPounds(17_259_340n)).toBe('£172,593.40');
    expect(formatPounds(-123_456n)).toBe('(£1,234.56)');
    expect(formatPounds(0n)).toBe('£0.00');
  });

  it('writes a day in words as UK readers do', () => {
    expect(formatDayInWords('2027-06-06')).toBe('6 June 2027');
    expect(formatDayInWords('2026-12-31T10:00:00Z')).toBe('31 December 2026');
  });

  it('writes hours and pay as a person would', () => {
    expect(formatHourlyPay({ hoursPerWeek: 30, hourlyPayPence: 1260n })).toBe(
      '30 h/week at £12.60/hour',
    );
    expect(formatHourlyPay({ hoursPerWeek: null, hourlyPayPence: 1260n })).toBe('£12.60/hour');
  });

  it('names a person with their organisation', () => {
    expect(
      formatPerson({ displayName: 'Priya Shah', organisationName: 'Canal Side Community Trust' }),
    ).toBe('Priya Shah, Canal Side Community Trust');
    expect(formatPerson(null)).toBe('the system');
  });
});

describe('explainInWords', () => {
  it('names milestones from the definition and writes days in words', () => {
    const names = new Map([
      ['ACTION_PLAN', 'Action plan agreed'],
      ['JOB_START', 'Job start'],
    ]);
    expect(explainInWords('no ACTION_PLAN #1 recorded', names)).toBe(
      'no Action plan agreed recorded',
    );
    expect(explainInWords('waiting for JOB_START: claim by 2027-06-06', names)).toBe(
      'waiting for Job start: claim by 6 June 2027',
    );
    expect(explainInWords('no SUSTAINMENT #3 recorded', names)).toBe('no SUSTAINMENT #3 recorded');
  });
});
