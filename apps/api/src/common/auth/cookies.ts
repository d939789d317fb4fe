// The session cookies' names: set by the auth area, read by the CSRF check here
// (common/ imports no area, so the names live on this side).
export const ACCESS_COOKIE = 'waymark_access';
export const REFRESH_COOKIE = 'waymark_refresh';
