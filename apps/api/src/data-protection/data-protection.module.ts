import { Module } from '@nestjs/common';
import { DataSubjectRequestsController } from './data-subject-requests.controller';
import { DataSubjectRequestsRepository } from './data-subject-requests.repository';
import { DataSubjectRequestsService } from './data-subject-requests.service';
import { Pseudonymiser } from './pseudonymiser';
import { RecordsOfProcessingController } from './records-of-processing.controller';
import { RecordsOfProcessingRepository } from './records-of-processing.repository';
import { RecordsOfProcessingService } from './records-of-processing.service';
import { RetentionController } from './retention.controller';
import { RetentionRepository } from './retention.repository';
import { RetentionService } from './retention.service';
import { SubjectAccessController } from './subject-access.controller';
import { SubjectAccessRepository } from './subject-access.repository';
import { SubjectAccessService } from './subject-access.service';

/**
 * UK GDPR: retention and pseudonymisation, subject access, erasure/rectification requests, records of processing (docs/data-
 * protection.md).
 */
@Module({
  controllers: [
    RetentionController,
    SubjectAccessController,
    DataSubjectRequestsController,
    RecordsOfProcessingController,
  ],
  providers: [
    RetentionRepository,
    RetentionService,
    Pseudonymiser,
    SubjectAccessRepository,
    SubjectAccessService,
    DataSubjectRequestsRepository,
    DataSubjectRequestsService,
    RecordsOfProcessingRepository,
    RecordsOfProcessingService,
  ],
})
export class DataProtectionModule {}
