import { Module } from '@nestjs/common';
import { OpenDataController } from './open-data.controller';
import { OpenDataRepository } from './open-data.repository';
import { OpenDataService } from './open-data.service';

@Module({ controllers: [OpenDataController], providers: [OpenDataRepository, OpenDataService] })
export class OpenDataModule {}
