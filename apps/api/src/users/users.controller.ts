import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { POLICIES } from '@waymark/domain';
import { Access } from '../common/auth/access.decorator';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator';
import { type Principal } from '../common/auth/principal';
import { Public } from '../common/auth/public.decorator';
import {
  AcceptInvitationBodyDto,
  IdParamsDto,
  InvitationCreatedDto,
  InviteUserBodyDto,
  PendingInvitationListDto,
  UpdateUserBodyDto,
  UserListDto,
  UserResponseDto,
} from './users.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Access(POLICIES.administration.organisation)
  @Get('users')
  @ApiOkResponse({ type: UserListDto })
  async list(@CurrentPrincipal() principal: Principal): Promise<UserListDto> {
    return { users: await this.users.list(principal) };
  }

  @Access(POLICIES.administration.organisation)
  @Patch('users/:id')
  @ApiOkResponse({ type: UserResponseDto })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
    @Body() body: UpdateUserBodyDto,
  ): Promise<UserResponseDto> {
    return { user: await this.users.update(principal, params.id, body) };
  }

  @Access(POLICIES.administration.organisation)
  @Post('invitations')
  @ApiCreatedResponse({ type: InvitationCreatedDto })
  invite(
    @CurrentPrincipal() principal: Principal,
    @Body() body: InviteUserBodyDto,
  ): Promise<InvitationCreatedDto> {
    return this.users.invite(principal, body);
  }

  @Access(POLICIES.administration.organisation)
  @Get('invitations')
  @ApiOkResponse({ type: PendingInvitationListDto })
  async listInvitations(
    @CurrentPrincipal() principal: Principal,
  ): Promise<PendingInvitationListDto> {
    return { invitations: await this.users.listInvitations(principal) };
  }

  @Access(POLICIES.administration.organisation)
  @Delete('invitations/:id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The invitation link stops working at once.' })
  revokeInvitation(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
  ): Promise<void> {
    return this.users.revokeInvitation(principal, params.id);
  }

  @Public('The invitee has no account yet; the one-time token authorises them.')
  @Post('invitations/accept')
  @HttpCode(201)
  @ApiCreatedResponse({
    description: 'Account created; sign in with the email and the new password.',
  })
  acceptInvitation(@Body() body: AcceptInvitationBodyDto): Promise<{ email: string }> {
    return this.users.acceptInvitation(body);
  }
}
