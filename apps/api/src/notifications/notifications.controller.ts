import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { POLICIES } from '@waymark/domain';
import { Access } from '../common/auth/access.decorator';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator';
import { type Principal } from '../common/auth/principal';
import { IdParamsDto } from '../common/dto/id-params';
import {
  InboxQueryDto,
  InboxResponseDto,
  MarkAllReadResponseDto,
  OutboxQueryDto,
  OutboxResponseDto,
  PreferencesResponseDto,
  SetPreferencesBodyDto,
  UnreadCountResponseDto,
} from './notifications.dto';
import { NotificationsService } from './notifications.service';

// Everyone signed in has an inbox of their own; row-level security shows each person only theirs.
const OWN_INBOX = { ...POLICIES.notifications.own, sessionCheckedInScope: true } as const;

@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Access(OWN_INBOX)
  @Get()
  @ApiOkResponse({ type: InboxResponseDto, description: 'Your inbox, newest first, with totals.' })
  inbox(
    @CurrentPrincipal() principal: Principal,
    @Query() query: InboxQueryDto,
  ): Promise<InboxResponseDto> {
    return this.notifications.inbox(principal, query);
  }

  @Access(OWN_INBOX)
  @Get('unread-count')
  @ApiOkResponse({
    type: UnreadCountResponseDto,
    description: 'How many of your notifications are unread (the header badge).',
  })
  async unreadCount(@CurrentPrincipal() principal: Principal): Promise<UnreadCountResponseDto> {
    return { unread: await this.notifications.unreadCount(principal) };
  }

  @Access(OWN_INBOX)
  @Post(':id/read')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Marked read (someone else’s notification answers 404).' })
  async markRead(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IdParamsDto,
  ): Promise<void> {
    await this.notifications.markRead(principal, params.id);
  }

  @Access(OWN_INBOX)
  @Post('read-all')
  @HttpCode(200)
  @ApiOkResponse({ type: MarkAllReadResponseDto })
  async markAllRead(@CurrentPrincipal() principal: Principal): Promise<MarkAllReadResponseDto> {
    return { marked: await this.notifications.markAllRead(principal) };
  }

  @Access(OWN_INBOX)
  @Get('preferences')
  @ApiOkResponse({
    type: PreferencesResponseDto,
    description: 'Which kinds you get in the inbox and by email (both, until you choose).',
  })
  async preferences(@CurrentPrincipal() principal: Principal): Promise<PreferencesResponseDto> {
    return { preferences: await this.notifications.preferences(principal) };
  }

  @Access(OWN_INBOX)
  @Put('preferences')
  @ApiOkResponse({ type: PreferencesResponseDto })
  async setPreferences(
    @CurrentPrincipal() principal: Principal,
    @Body() body: SetPreferencesBodyDto,
  ): Promise<PreferencesResponseDto> {
    return { preferences: await this.notifications.setPreferences(principal, body) };
  }

  @Access(POLICIES.notifications.readOutbox)
  @Get('outbox')
  @ApiOkResponse({
    type: OutboxResponseDto,
    description:
      'Every notification email, newest first: what was sent, what failed, and what is kept because no mail server is configured.',
  })
  outbox(@Query() query: OutboxQueryDto): Promise<OutboxResponseDto> {
    return this.notifications.outbox(query);
  }
}
