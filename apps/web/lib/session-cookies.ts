// The API's session cookie names (apps/api auth/tokens.ts). The portal never
// reads their values — they are httpOnly — only whether the browser sent them.
export const REFRESH_COOKIE = 'waymark_refresh';
