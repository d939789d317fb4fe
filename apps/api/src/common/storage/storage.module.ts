import path from 'node:path';
import { Global, Module } from '@nestjs/common';
import { readDatabaseEnv } from '@waymark/db';
import { APP_CONFIG } from '../config/config.module';
import { type AppConfig } from '../config/env';
import { FILE_STORAGE, LocalDiskStorage } from './file-storage';

@Global()
@Module({
  providers: [
    {
      provide: FILE_STORAGE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        new LocalDiskStorage(
          config.storageDir ?? path.join(config.dataDir ?? readDatabaseEnv().dataDir, 'storage'),
        ),
    },
  ],
  exports: [FILE_STORAGE],
})
export class StorageModule {}
