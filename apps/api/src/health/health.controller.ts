import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/auth/public.decorator';
import { HealthResponseDto, ReadinessResponseDto } from './health.dto';
import { HealthService } from './health.service';

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Public('Liveness probe for load balancers and orchestrators.')
  @Get('health')
  @ApiOkResponse({ type: HealthResponseDto })
  live(): HealthResponseDto {
    return { status: 'ok' };
  }

  @Public('Readiness probe: database reachable and migrations current.')
  @Get('ready')
  @ApiOkResponse({ type: ReadinessResponseDto })
  ready(): Promise<ReadinessResponseDto> {
    return this.health.readiness();
  }
}
