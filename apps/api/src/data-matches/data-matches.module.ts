import { Module } from '@nestjs/common';
import { DataMatchesController } from './data-matches.controller';
import { DataMatchesRepository } from './data-matches.repository';
import { DataMatchesService } from './data-matches.service';

@Module({
  controllers: [DataMatchesController],
  providers: [DataMatchesRepository, DataMatchesService],
})
export class DataMatchesModule {}
