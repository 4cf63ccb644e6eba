// Helper thread entry (see helper-thread.ts). It only turns on the module
// compile cache, as the main thread does, before loading the rest: loading
// it from scratch costs about 0.1 s per run.
import { enableCompileCache } from 'node:module';

enableCompileCache?.();
await import('./helper-thread-main.ts');
