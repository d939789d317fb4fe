import { Module } from '@nestjs/common';
import { ParticipantsRepository } from './participants.repository';

/** Participant records: pseudonymous reference, NI number (HMAC + ciphertext), special category data, needs assessments. */
@Module({ providers: [ParticipantsRepository], exports: [ParticipantsRepository] })
export class ParticipantsModule {}
