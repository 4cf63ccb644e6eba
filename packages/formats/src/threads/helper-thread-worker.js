// Helper thread entry (see helper-thread.ts). It only turns on the module
// compile cache, as the main thread does, before loading the rest: loading
// it from scratch costs about 0.1 s per run. It is JavaScript, not
// TypeScript, so that starting the thread does not load Node's type
// stripper (~30 ms) before the cache is on: with the cache warm, the
// TypeScript modules below come stripped and compiled from it.
import { enableCompileCache } from 'node:module';

enableCompileCache?.();
await import('./helper-thread-main.ts');
