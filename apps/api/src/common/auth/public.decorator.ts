import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'waymark:public-route';

/**
 * Marks a route as reachable without signing in. Every other route must
 * declare an access policy; a route with neither fails the route-policy test.
 * The reason is required so a reviewer sees why the route is open.
 */
export const Public = (reason: string) => SetMetadata(PUBLIC_ROUTE, reason);
