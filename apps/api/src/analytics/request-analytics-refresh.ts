import { Logger } from '@nestjs/common';
import { type JobsService } from '../common/jobs/jobs.service';
import { ANALYTICS_REFRESH_QUEUE } from './analytics-refresh.service';
import { describeCause } from '../common/errors/infrastructure-failure';

const logger = new Logger('AnalyticsRefresh');

/**
 * After money moves, bring the prime contract's dashboard facts up to date
 * in the background (one queued refresh per contract at a time). Best
 * effort: the nightly refresh catches anything a failed enqueue missed.
 */
export function requestAnalyticsRefresh(jobs: JobsService, primeContractId: string): void {
  jobs
    .send(ANALYTICS_REFRESH_QUEUE, { primeContractId }, { singletonKey: primeContractId })
    .catch((error: unknown) => {
      logger.warn(
        { cause: describeCause(error), primeContractId },
        'could not queue an analytics refresh; the nightly refresh will catch up',
      );
    });
}
