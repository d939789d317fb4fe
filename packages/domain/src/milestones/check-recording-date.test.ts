import { checkRecordingDate } from './check-recording-date.js';

const base = { referralReceivedOn: '2026-03-02', today: '2026-04-10', lateRecordingDays: 30 };

describe('checkRecordingDate', () => {
  it('accepts the day itself as on time', () => {
    expect(checkRecordingDate({ ...base, occurredOn: '2026-04-10' })).toEqual({
      isAccepted: true,
      daysLate: 0,
      isLate: false,
    });
  });

  it('accepts a day inside the window, flagged late by how many days', () => {
    expect(checkRecordingDate({ ...base, occurredOn: '2026-03-11' })).toEqual({
      isAccepted: true,
      daysLate: 30,
      isLate: true,
    });
  });

  it('refuses a day before the referral, even inside the window', () => {
    expect(
      checkRecordingDate({ ...base, occurredOn: '2026-03-01', lateRecordingDays: 365 }),
    ).toMatchObject({ isAccepted: false, refusal: 'BEFORE_REFERRAL' });
  });

  it('refuses the future and anything older than the window', () => {
    expect(checkRecordingDate({ ...base, occurredOn: '2026-04-11' })).toMatchObject({
      isAccepted: false,
      refusal: 'IN_FUTURE',
    });
    expect(checkRecordingDate({ ...base, occurredOn: '2026-03-10' })).toMatchObject({
      isAccepted: false,
      refusal: 'OUTSIDE_LATE_WINDOW',
      message: 'is 31 days ago; the programme allows recording up to 30 days late',
    });
  });
});
