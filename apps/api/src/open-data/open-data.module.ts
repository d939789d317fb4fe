import { Module } from '@nestjs/common';
import { OpenDataController } from './open-data.controller';
import { OpenDataRepository } from './open-data.repository';
import { OPEN_DATA_CLOCK, type OpenDataClock, OpenDataService } from './open-data.service';

const systemClock: OpenDataClock = { now: () => new Date() };

@Module({ controllers: [OpenDataController], providers: [OpenDataRepository, OpenDataService, { provide: OPEN_DATA_CLOCK, useValue: systemClock }] })
export class OpenDataModule {}
