// Worker thread entry (see read-csv-event-log-file.ts). It only turns on the
// module compile cache, as the main thread does, before loading the reader:
// loading it from scratch costs about 0.1 s per run.
import { enableCompileCache } from 'node:module';

enableCompileCache?.();
await import('./read-part-thread.ts');
