import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Access } from '../common/auth/access.decorator';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator';
import { type Principal } from '../common/auth/principal';
import { OpenDataProgrammeIdParamsDto, ReleasePackageDto } from './open-data.dto';
import { OpenDataService } from './open-data.service';

@ApiTags('open-data')
@Controller('open-data')
export class OpenDataController {
  constructor(private readonly openData: OpenDataService) {}

  @Access({ parties: ['COMMISSIONER'], roles: ['ADMIN', 'FINANCE', 'AUDITOR'] })
  @Get('programmes/:id/ocds')
  @Header('content-type', 'application/json; charset=utf-8')
  @ApiProduces('application/json')
  @ApiOkResponse({ type: ReleasePackageDto, description: 'The programme as an OCDS 1.1 release package, ready to publish: subcontracts link to their prime contract through relatedProcesses.' })
  releasePackage(@CurrentPrincipal() principal: Principal, @Param() params: OpenDataProgrammeIdParamsDto): Promise<ReleasePackageDto> {
    return this.openData.releasePackage(principal, params.id, `https://waymark.example/open-data/programmes/${params.id}/ocds`) as Promise<ReleasePackageDto>;
  }
}
