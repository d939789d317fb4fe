import {
  WORK_PROGRAMME_MILESTONE_RULES,
  WORK_PROGRAMME_MODEL,
} from '../models/work-programme.model.js';
import { NEEDS_BASED_MILESTONE_RULES, NEEDS_BASED_MODEL } from '../models/needs-based.model.js';
import { assessMilestones } from './assess-milestones.js';
import { forecastMilestones } from './forecast-milestones.js';
import { type Journey, type MilestoneAssessment } from './journey.types.js';

const aJourney = (overrides: Partial<Journey> = {}): Journey => ({
  referralDate: '2012-01-02',
  attachmentDate: '2012-01-09',
  events: [],
  jobs: [],
  claims: [],
  ...overrides,
});

const find = (items: MilestoneAssessment[], code: string, occurrence = 1) =>
  items.find((item) => item.code === code && item.occurrence === occurrence);

describe('assessMilestones', () => {
  it('makes the attachment claimable and the job outcome blocked until a job starts', () => {
    const result = assessMilestones({
      journey: aJourney(),
      rules: WORK_PROGRAMME_MILESTONE_RULES,
      paymentGroup: 'JSA_18_24',
      today: '2012-02-01',
    });
    expect(find(result, 'ATTACHMENT')?.status).toBe('CLAIMABLE');
    expect(find(result, 'JOB_OUTCOME')).toMatchObject({
      status: 'BLOCKED',
      missingPrerequisites: ['JOB_START'],
    });
    expect(find(result, 'SUSTAINMENT')).toMatchObject({
      status: 'BLOCKED',
      missingPrerequisites: ['JOB_OUTCOME'],
    });
  });

  it('rejects a JSA 18–24 job outcome before 26 weeks in work and gives its due date (WP: 26 weeks for main JSA groups)', () => {
    const journey = aJourney({ jobs: [{ startDate: '2012-03-05' }] });
    const result = assessMilestones({
      journey,
      rules: WORK_PROGRAMME_MILESTONE_RULES,
      paymentGroup: 'JSA_18_24',
      today: '2012-06-04',
    });
    expect(find(result, 'JOB_OUTCOME')).toMatchObject({ status: 'NOT_YET', dueDate: '2012-09-03' });
  });

  it('lets an ESA volunteer claim a job outcome after 13 weeks in work (WP reference figures)', () => {
    const journey = aJourney({ jobs: [{ startDate: '2012-03-05' }] });
    const result = assessMilestones({
      journey,
      rules: WORK_PROGRAMME_MILESTONE_RULES,
      paymentGroup: 'ESA_VOLUNTEERS',
      today: '2012-06-04',
    });
    expect(find(result, 'JOB_OUTCOME')).toMatchObject({
      status: 'CLAIMABLE',
      milestoneDate: '2012-06-04',
    });
  });

  it('counts days in work across job spells', () => {
    const journey = aJourney({
      jobs: [{ startDate: '2012-03-05', endDate: '2012-04-05' }, { startDate: '2012-05-01' }],
    });
    // 31 days in the first spell, then 91 − 31 = 60 more from 1 May.
    const result = assessMilestones({
      journey,
      rules: WORK_PROGRAMME_MILESTONE_RULES,
      paymentGroup: 'ESA_VOLUNTEERS',
      today: '2012-08-01',
    });
    expect(find(result, 'JOB_OUTCOME')).toMatchObject({
      status: 'CLAIMABLE',
      milestoneDate: '2012-06-30',
    });
  });

  it('makes sustainment claimable only 15 working days after each 4-week period ends (WP)', () => {
    const journey = aJourney({
      jobs: [{ startDate: '2012-03-05' }],
      claims: [{ code: 'JOB_OUTCOME', occurrence: 1 }],
    });
    // Job outcome 2012-06-04 (13 weeks); period 1 ends 2012-07-02; +15 working days = 2012-07-23.
    const before = assessMilestones({
      journey,
      rules: WORK_PROGRAMME_MILESTONE_RULES,
      paymentGroup: 'ESA_VOLUNTEERS',
      today: '2012-07-20',
    });
    expect(find(before, 'SUSTAINMENT')).toMatchObject({
      status: 'NOT_YET',
      milestoneDate: '2012-07-02',
      dueDate: '2012-07-23',
    });
    const after = assessMilestones({
      journey,
      rules: WORK_PROGRAMME_MILESTONE_RULES,
      paymentGroup: 'ESA_VOLUNTEERS',
      today: '2012-07-23',
    });
    expect(find(after, 'SUSTAINMENT')?.status).toBe('CLAIMABLE');
    expect(find(after, 'JOB_OUTCOME')?.status).toBe('ALREADY_CLAIMED');
  });

  it('reports the job has ended when the participant is out of work at the end of a period', () => {
    const journey = aJourney({ jobs: [{ startDate: '2012-03-05', endDate: '2012-06-20' }] });
    const result = assessMilestones({
      journey,
      rules: WORK_PROGRAMME_MILESTONE_RULES,
      paymentGroup: 'ESA_VOLUNTEERS',
      today: '2012-08-01',
    });
    expect(find(result, 'SUSTAINMENT')).toMatchObject({ status: 'NOT_YET' });
    expect(find(result, 'SUSTAINMENT')?.dueDate).toBeUndefined();
  });

  it('marks a milestone expired once its claim deadline has passed', () => {
    const result = assessMilestones({
      journey: aJourney(),
      rules: WORK_PROGRAMME_MILESTONE_RULES,
      paymentGroup: 'JSA_18_24',
      today: '2013-02-01',
    });
    expect(find(result, 'ATTACHMENT')).toMatchObject({
      status: 'EXPIRED',
      claimDeadline: '2013-01-08',
    });
  });

  it('reports EXHAUSTED when every sustainment period has been claimed', () => {
    const claims = Array.from({ length: 20 }, (_, i) => ({
      code: 'SUSTAINMENT' as const,
      occurrence: i + 1,
    }));
    const journey = aJourney({ jobs: [{ startDate: '2012-03-05' }], claims });
    const result = assessMilestones({
      journey,
      rules: WORK_PROGRAMME_MILESTONE_RULES,
      paymentGroup: 'JSA_18_24',
      today: '2014-06-01',
    });
    expect(find(result, 'SUSTAINMENT', 20)).toMatchObject({ status: 'EXHAUSTED' });
  });

  it('blocks a needs-based action plan until the needs assessment is recorded', () => {
    const journey = aJourney({ attachmentDate: '2026-05-01', events: [] });
    const result = assessMilestones({
      journey,
      rules: NEEDS_BASED_MILESTONE_RULES,
      paymentGroup: 'C',
      today: '2026-05-10',
    });
    expect(find(result, 'ACTION_PLAN')).toMatchObject({
      status: 'BLOCKED',
      missingPrerequisites: ['NEEDS_ASSESSMENT'],
    });
    expect(find(result, 'NEEDS_ASSESSMENT')).toMatchObject({ status: 'NOT_YET' });
  });

  it('offers the second accredited qualification once the first is claimed', () => {
    const journey = aJourney({
      attachmentDate: '2026-05-01',
      events: [
        { code: 'NEEDS_ASSESSMENT', date: '2026-05-02', occurrence: 1 },
        { code: 'ACTION_PLAN', date: '2026-05-03', occurrence: 1 },
        { code: 'ACCREDITED_QUALIFICATION', date: '2026-06-01', occurrence: 1 },
        { code: 'ACCREDITED_QUALIFICATION', date: '2026-07-01', occurrence: 2 },
      ],
      claims: [{ code: 'ACCREDITED_QUALIFICATION', occurrence: 1 }],
    });
    const result = assessMilestones({
      journey,
      rules: NEEDS_BASED_MILESTONE_RULES,
      paymentGroup: 'C',
      today: '2026-07-02',
    });
    expect(find(result, 'ACCREDITED_QUALIFICATION', 2)?.status).toBe('CLAIMABLE');
  });
});

describe('forecastMilestones', () => {
  it('projects the job outcome and sustainment periods inside the horizon with their prices', () => {
    const journey = aJourney({
      jobs: [{ startDate: '2012-03-05' }],
      claims: [{ code: 'ATTACHMENT', occurrence: 1 }],
    });
    const forecast = forecastMilestones({
      journey,
      rules: WORK_PROGRAMME_MILESTONE_RULES,
      paymentGroup: 'ESA_VOLUNTEERS',
      today: '2012-04-02',
      horizonDays: 120,
      model: WORK_PROGRAMME_MODEL,
      contractStartDate: '2011-06-01',
    });
    expect(forecast.map((f) => [f.code, f.occurrence, f.dueDate, f.amountPence])).toEqual([
      ['JOB_OUTCOME', 1, '2012-06-04', 1_000_00n],
      ['SUSTAINMENT', 1, '2012-07-23', 115_00n], // £2,300 over 20 periods
    ]);
  });

  it('stops counting once the participant cap is reached', () => {
    const journey = aJourney({
      attachmentDate: '2026-05-01',
      jobs: [{ startDate: '2026-05-04' }],
      claims: [{ code: 'ATTACHMENT', occurrence: 1 }],
    });
    const forecast = forecastMilestones({
      journey,
      rules: NEEDS_BASED_MILESTONE_RULES,
      paymentGroup: 'D',
      today: '2026-05-05',
      horizonDays: 365,
      model: NEEDS_BASED_MODEL,
      contractStartDate: '2026-04-01',
      alreadyPaidForParticipantPence: 6_000_00n,
    });
    const total = forecast.reduce((sum, f) => sum + f.amountPence, 0n);
    expect(total).toBe(4_000_00n);
    expect(forecast[0]).toMatchObject({
      code: 'JOB_START',
      basis: 'CLAIMABLE_NOW',
      amountPence: 900_00n,
    });
  });
});
