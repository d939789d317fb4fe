import { Module } from '@nestjs/common';
import { ParticipantsRepository } from './participants.repository';
import { ParticipantsService } from './participants.service';

/** Participant records: pseudonymous reference, NI number (HMAC + ciphertext), special category data, needs assessments. */
@Module({
  providers: [ParticipantsRepository, ParticipantsService],
  exports: [ParticipantsService],
})
export class ParticipantsModule {}
