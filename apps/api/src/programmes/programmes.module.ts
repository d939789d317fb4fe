import { Module } from '@nestjs/common';
import { ProgrammeRulesService } from './programme-rules.service';

@Module({ providers: [ProgrammeRulesService], exports: [ProgrammeRulesService] })
export class ProgrammesModule {}
