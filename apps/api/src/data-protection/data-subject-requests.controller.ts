import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../common/auth/access.decorator';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator';
import { type Principal } from '../common/auth/principal';
import {
  CreateDataSubjectRequestBodyDto,
  DataSubjectRequestListDto,
  DataSubjectRequestResponseDto,
  DecideDataSubjectRequestBodyDto,
  IdParamsDto,
  ListDataSubjectRequestsQueryDto,
} from './data-protection.dto';
import { DataSubjectRequestsService } from './data-subject-requests.service';
import { POLICIES } from '@waymark/domain';

@ApiTags('data-protection')
@Controller()
export class DataSubjectRequestsController {
  constructor(private readonly requests: DataSubjectRequestsService) {}

  @Access(POLICIES.dataProtection.requestChange)
  @Post('participants/:id/data-subject-requests')
  @HttpCode(201)
  @ApiCreatedResponse({
    type: DataSubjectRequestResponseDto,
    description:
      'Records an erasure or rectification request (REQUESTED); the commissioner decides it.',
  })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
    @Body() body: CreateDataSubjectRequestBodyDto,
  ): Promise<DataSubjectRequestResponseDto> {
    return { dataSubjectRequest: await this.requests.create(principal, params.id, body) };
  }

  @Access(POLICIES.dataProtection.readRequests)
  @Get('data-subject-requests')
  @ApiOkResponse({ type: DataSubjectRequestListDto, description: 'Newest first, keyset-paged.' })
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListDataSubjectRequestsQueryDto,
  ): Promise<DataSubjectRequestListDto> {
    return this.requests.list(principal, query);
  }

  @Access(POLICIES.dataProtection.readRequests)
  @Get('data-subject-requests/:id')
  @ApiOkResponse({ type: DataSubjectRequestResponseDto })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
  ): Promise<DataSubjectRequestResponseDto> {
    return { dataSubjectRequest: await this.requests.get(principal, params.id) };
  }

  @Access(POLICIES.dataProtection.decideRequests)
  @Post('data-subject-requests/:id/approve')
  @HttpCode(200)
  @ApiOkResponse({
    type: DataSubjectRequestResponseDto,
    description: 'REQUESTED → APPROVED by the controller; 403 for whoever recorded it.',
  })
  async approve(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
    @Body() body: DecideDataSubjectRequestBodyDto,
  ): Promise<DataSubjectRequestResponseDto> {
    return {
      dataSubjectRequest: await this.requests.decide(principal, params.id, 'APPROVED', body.reason),
    };
  }

  @Access(POLICIES.dataProtection.decideRequests)
  @Post('data-subject-requests/:id/refuse')
  @HttpCode(200)
  @ApiOkResponse({
    type: DataSubjectRequestResponseDto,
    description:
      'REQUESTED → REFUSED by the controller, with the reason (e.g. a legal obligation to keep the data).',
  })
  async refuse(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
    @Body() body: DecideDataSubjectRequestBodyDto,
  ): Promise<DataSubjectRequestResponseDto> {
    return {
      dataSubjectRequest: await this.requests.decide(principal, params.id, 'REFUSED', body.reason),
    };
  }

  @Access(POLICIES.dataProtection.decideRequests)
  @Post('data-subject-requests/:id/execute')
  @HttpCode(200)
  @ApiOkResponse({
    type: DataSubjectRequestResponseDto,
    description:
      'APPROVED → EXECUTED: erasure pseudonymises, rectification corrects the fields. Money and audit rows are kept.',
  })
  async execute(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
  ): Promise<DataSubjectRequestResponseDto> {
    return { dataSubjectRequest: await this.requests.execute(principal, params.id) };
  }
}
