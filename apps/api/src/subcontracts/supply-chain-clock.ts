import { Injectable } from '@nestjs/common';

/** Today's date (UTC) for supply-chain decisions; tests replace `today` to pin the day. */
@Injectable()
export class SupplyChainClock {
  today(): string {
    return new Date().toISOString().slice(0, 10);
  }
}
