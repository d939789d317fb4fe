import { Module } from '@nestjs/common';
import { AnalyticsRefreshService } from './analytics-refresh.service';
import { AnalyticsController } from './analytics.controller';
import { AnalyticsRepository } from './analytics.repository';
import { AnalyticsService } from './analytics.service';
import { PaymentTraceRepository } from './payment-trace.repository';
import { PaymentTraceService } from './payment-trace.service';

@Module({
  controllers: [AnalyticsController],
  providers: [
    AnalyticsRepository,
    AnalyticsService,
    AnalyticsRefreshService,
    PaymentTraceRepository,
    PaymentTraceService,
  ],
  exports: [AnalyticsService, AnalyticsRefreshService],
})
export class AnalyticsModule {}
