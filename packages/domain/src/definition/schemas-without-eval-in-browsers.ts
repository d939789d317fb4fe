// Zod compiles object schemas with `new Function` when it may, probing once,
// as each object schema is built, whether it may. In a browser under a strict
// Content-Security-Policy (no 'unsafe-eval', as the portal's pages run) the
// probe is refused and reported as a violation although Zod catches it, so in
// a browser the schemas are interpreted instead (the same validation). This
// module is imported first by the package index, before any schema is built;
// servers keep the compiled parsers.
import { z } from 'zod';

// A browser has a global `document`; this package is typed without the DOM, hence the look-up through globalThis.
if ('document' in globalThis) z.config({ jitless: true });
