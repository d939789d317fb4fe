// What other areas may do with participant records (referrals makes them and
// their needs assessments; journeys reads the assessments), each in the
// caller's transaction and party scope. Nothing else reaches the repository.
import { Injectable } from '@nestjs/common';
import { ParticipantsRepository } from './participants.repository';

export { type NeedsAssessmentRow } from './participants.repository';

type Repository = ParticipantsRepository;

@Injectable()
export class ParticipantsService {
  constructor(private readonly participants: ParticipantsRepository) {}

  /** Duplicate check across the whole programme (see the repository: it looks past every party's slice). */
  async findByNiHmac(...args: Parameters<Repository['findByNiHmac']>) {
    return this.participants.findByNiHmac(...args);
  }

  async create(...args: Parameters<Repository['insert']>) {
    return this.participants.insert(...args);
  }

  async recordSpecialCategory(...args: Parameters<Repository['upsertSpecialCategory']>) {
    return this.participants.upsertSpecialCategory(...args);
  }

  async findSpecialCategory(...args: Parameters<Repository['findSpecialCategory']>) {
    return this.participants.findSpecialCategory(...args);
  }

  async findPaymentGroup(...args: Parameters<Repository['findPaymentGroup']>) {
    return this.participants.findPaymentGroup(...args);
  }

  async recordNeedsAssessment(...args: Parameters<Repository['insertNeedsAssessment']>) {
    return this.participants.insertNeedsAssessment(...args);
  }

  /** Oldest first: the history a reassessment adds to, never rewrites. */
  async listNeedsAssessments(...args: Parameters<Repository['listNeedsAssessments']>) {
    return this.participants.listNeedsAssessments(...args);
  }
}
