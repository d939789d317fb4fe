// One participant's journey as the milestone rules see it (packages/domain Journey): recorded
// milestones, job spells, live claims, needs-assessment scores and data-match earnings. The claim
// path and the forecast both read it from here, so they can never see different journeys.
import { Injectable } from '@nestjs/common';
import { totalBarrierScore, type AchievedMilestone, type Journey } from '@waymark/domain';
import { type PoolClient } from 'pg';
import { ParticipantsService } from '../participants/participants.service';
import { JourneysRepository } from './journeys.repository';

export interface JourneySubject {
  referralId: string;
  participantId: string;
  referralDate: string;
  attachedOn: string | null;
}

@Injectable()
export class JourneyFactsService {
  constructor(
    private readonly journeys: JourneysRepository,
    private readonly participants: ParticipantsService,
  ) {}

  async journeyOf(client: PoolClient, subject: JourneySubject): Promise<Journey> {
    const facts = await this.journeys.journeyFacts(client, subject.referralId);
    const assessments = await this.participants.listNeedsAssessments(client, subject.participantId);
    const earnings = await this.journeys.earnings(client, subject.participantId);
    const assessedDays = assessments.map((a) => ({
      date: a.assessedAt.toISOString().slice(0, 10),
      score: totalBarrierScore(a.barriers),
    }));
    // The first needs assessment made on or after attachment is the NEEDS_ASSESSMENT milestone.
    const assessedOn = subject.attachedOn
      ? assessedDays.find((a) => a.date >= subject.attachedOn!)?.date
      : undefined;
    const events: AchievedMilestone[] = [
      ...facts.events,
      ...(assessedOn && !facts.events.some((e) => e.code === 'NEEDS_ASSESSMENT')
        ? [{ code: 'NEEDS_ASSESSMENT', date: assessedOn, occurrence: 1 }]
        : []),
    ];
    return {
      referralDate: subject.referralDate,
      ...(subject.attachedOn ? { attachmentDate: subject.attachedOn } : {}),
      events,
      jobs: facts.jobs.map((j) => ({
        startDate: j.startDate,
        ...(j.endDate ? { endDate: j.endDate } : {}),
      })),
      earnings: earnings.map((e) => ({ date: e.date, amountPence: BigInt(e.amountPence) })),
      assessments: assessedDays,
      claims: facts.claims,
    };
  }
}
