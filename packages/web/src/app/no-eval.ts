import { z } from 'zod';

// The page's Content-Security-Policy forbids eval. zod compiles fast paths
// with `new Function` unless told not to, and its probe alone is reported as
// a violation: the engine's schemas (process models) are built without it.
// Imported first, before any schema exists.
z.config({ jitless: true });
