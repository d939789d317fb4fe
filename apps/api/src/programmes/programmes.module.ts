import { Module } from '@nestjs/common';
import { ProgrammeRulesService } from './programme-rules.service';
import { ProgrammesController } from './programmes.controller';
import { ProgrammesRepository } from './programmes.repository';
import { ProgrammesService } from './programmes.service';

@Module({
  controllers: [ProgrammesController],
  providers: [ProgrammeRulesService, ProgrammesRepository, ProgrammesService],
  exports: [ProgrammeRulesService],
})
export class ProgrammesModule {}
