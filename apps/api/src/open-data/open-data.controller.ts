import { Body, Controller, Get, Header, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Access } from '../common/auth/access.decorator';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator';
import { type Principal } from '../common/auth/principal';
import { Public } from '../common/auth/public.decorator';
import {
  OpenDataProgrammeIdParamsDto,
  PublicationResponseDto,
  ReleasePackageDto,
  SetPublicationBodyDto,
} from './open-data.dto';
import { OpenDataService } from './open-data.service';
import { POLICIES } from '@waymark/domain';

@ApiTags('open-data')
@Controller('open-data')
export class OpenDataController {
  constructor(private readonly openData: OpenDataService) {}

  @Access(POLICIES.openData.read)
  @Get('programmes/:id/ocds')
  @Header('content-type', 'application/json; charset=utf-8')
  @ApiProduces('application/json')
  @ApiOkResponse({
    type: ReleasePackageDto,
    description:
      'The programme as an OCDS 1.1 release package, published or not (the commissioner’s preview): prime contracts as awards, subcontracts as related processes.',
  })
  releasePackage(
    @CurrentPrincipal() principal: Principal,
    @Param() params: OpenDataProgrammeIdParamsDto,
  ): Promise<ReleasePackageDto> {
    return this.openData.releasePackage(principal, params.id) as Promise<ReleasePackageDto>;
  }

  @Public(
    'Open data its commissioner chose to publish: organisations, contracts and payments only, nothing about any person.',
  )
  @Get('published/programmes/:id/ocds')
  @Header('content-type', 'application/json; charset=utf-8')
  @Header('access-control-allow-origin', '*')
  // Shared caches may keep it a minute: a busy public URL then rebuilds the package once a minute, not per reader.
  @Header('cache-control', 'public, max-age=60')
  @ApiProduces('application/json')
  @ApiOkResponse({
    type: ReleasePackageDto,
    description:
      'A published programme’s OCDS 1.1 release package, for anyone, without signing in. 404 unless its commissioner has published it.',
  })
  publishedReleasePackage(
    @Param() params: OpenDataProgrammeIdParamsDto,
  ): Promise<ReleasePackageDto> {
    return this.openData.publishedPackage(params.id) as Promise<ReleasePackageDto>;
  }

  @Access(POLICIES.openData.read)
  @Get('programmes/:id/publication')
  @ApiOkResponse({
    type: PublicationResponseDto,
    description: 'Whether the programme’s open data is published, where, and who decided.',
  })
  async publication(
    @CurrentPrincipal() principal: Principal,
    @Param() params: OpenDataProgrammeIdParamsDto,
  ): Promise<PublicationResponseDto> {
    return { publication: await this.openData.publication(principal, params.id) };
  }

  @Access(POLICIES.openData.publish)
  @Put('programmes/:id/publication')
  @ApiOkResponse({
    type: PublicationResponseDto,
    description:
      'Publishes the programme’s release package at its public URL, or withdraws it (audited open-data.publish / open-data.withdraw).',
  })
  async setPublication(
    @CurrentPrincipal() principal: Principal,
    @Param() params: OpenDataProgrammeIdParamsDto,
    @Body() body: SetPublicationBodyDto,
  ): Promise<PublicationResponseDto> {
    return {
      publication: await this.openData.setPublication(principal, params.id, body.isPublished),
    };
  }
}
