import { Module } from '@nestjs/common';
import { CaseloadModule } from '../caseload/caseload.module';
import { ClaimsModule } from '../claims/claims.module';
import { DashboardController } from './dashboard.controller';
import { DashboardRepository } from './dashboard.repository';
import { DashboardService } from './dashboard.service';

@Module({
  imports: [CaseloadModule, ClaimsModule],
  controllers: [DashboardController],
  providers: [DashboardRepository, DashboardService],
})
export class DashboardModule {}
