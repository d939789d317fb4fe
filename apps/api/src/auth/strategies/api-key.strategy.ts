import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { type FastifyRequest } from 'fastify';
import { Strategy } from 'passport-custom';
import { type Principal } from '../../common/auth/principal';
import { AuthService } from '../auth.service';
import { API_KEY_PREFIX } from '../tokens';

/** Organisation API keys for primes' system integrations: `Authorization: Bearer wmk_…` or `X-Api-Key`. */
@Injectable()
export class ApiKeyStrategy extends PassportStrategy(Strategy, 'api-key') {
  constructor(private readonly auth: AuthService) {
    super();
  }

  async validate(request: FastifyRequest): Promise<Principal | false> {
    const header = request.headers.authorization;
    const fromAuthorization = header?.startsWith(`Bearer ${API_KEY_PREFIX}`)
      ? header.slice('Bearer '.length)
      : undefined;
    const fromHeader = request.headers['x-api-key'];
    const key = fromAuthorization ?? (typeof fromHeader === 'string' ? fromHeader : undefined);
    if (!key?.startsWith(API_KEY_PREFIX)) return false;
    return (await this.auth.principalForApiKey(key)) ?? false;
  }
}
