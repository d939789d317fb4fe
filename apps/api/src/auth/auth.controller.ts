import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { isInfrastructureFailure } from '../common/errors/infrastructure-failure';
import { Access } from '../common/auth/access.decorator';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator';
import { type Principal } from '../common/auth/principal';
import { Public } from '../common/auth/public.decorator';
import { APP_CONFIG } from '../common/config/config.module';
import { type AppConfig } from '../common/config/env';
import { AppError } from '../common/errors/app-error';
import {
  ChangePasswordBodyDto,
  MeResponseDto,
  RefreshSessionBodyDto,
  SessionResponseDto,
  SignInBodyDto,
} from './auth.dto';
import { AuthError } from './auth.errors';
import { AuthService, type IssuedSession } from './auth.service';
import { clearSessionCookies, setSessionCookies } from './session-cookies';
import { SignInGuard } from './sign-in.guard';
import { REFRESH_COOKIE } from '../common/auth/cookies';
import { POLICIES } from '@waymark/domain';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public('Signing in cannot require being signed in.')
  @UseGuards(SignInGuard)
  @Post('sign-in')
  @HttpCode(200)
  @ApiBody({ type: SignInBodyDto })
  @ApiOkResponse({ type: SessionResponseDto })
  signIn(
    @Req() request: FastifyRequest & { user: IssuedSession },
    @Res({ passthrough: true }) reply: FastifyReply,
  ): SessionResponseDto {
    return this.respondWithSession(reply, request.user);
  }

  @Public('Refreshing is authorised by the refresh token itself.')
  @Post('refresh')
  @HttpCode(200)
  @ApiOkResponse({ type: SessionResponseDto })
  async refresh(
    @Body() body: RefreshSessionBodyDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionResponseDto> {
    const token = body.refreshToken ?? request.cookies[REFRESH_COOKIE];
    try {
      if (!token)
        throw new AppError(AuthError.SESSION_EXPIRED, 'No refresh token was sent. Sign in again.');
      return this.respondWithSession(reply, await this.auth.refresh(token));
    } catch (error) {
      // Only a refusal ends the session (expired, revoked, reused token). Our own failure — the
      // database down — answers 503 and leaves the cookies, so the person is not signed out by an outage.
      if (!isInfrastructureFailure(error)) clearSessionCookies(reply, this.config.cookieSecure);
      throw error;
    }
  }

  @Access(POLICIES.account.self)
  @Post('sign-out')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The session is revoked at once; its cookies are cleared.' })
  async signOut(
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.auth.signOut(principal);
    clearSessionCookies(reply, this.config.cookieSecure);
  }

  @Access(POLICIES.account.self)
  @Get('me')
  @ApiOkResponse({ type: MeResponseDto })
  async me(@CurrentPrincipal() principal: Principal): Promise<MeResponseDto> {
    return { user: await this.auth.me(principal) };
  }

  @Access(POLICIES.account.self)
  @Post('password')
  @HttpCode(204)
  @ApiNoContentResponse({
    description: 'Password changed; every other session of this user is signed out.',
  })
  async changePassword(
    @CurrentPrincipal() principal: Principal,
    @Body() body: ChangePasswordBodyDto,
  ): Promise<void> {
    await this.auth.changePassword(principal, body);
  }

  private respondWithSession(reply: FastifyReply, session: IssuedSession): SessionResponseDto {
    setSessionCookies(reply, session, this.config.cookieSecure);
    return {
      user: session.user,
      accessToken: session.accessToken,
      accessTokenExpiresInSeconds: this.auth.accessTokenTtlSeconds,
    };
  }
}
