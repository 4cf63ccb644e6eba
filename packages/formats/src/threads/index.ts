export { analyzeLogWithHelper } from './analyze-with-helper.ts';
export {
  type HelperThread,
  restartHelperThread,
  runOnHelperThread,
  startHelperThread,
  stopHelperThread,
} from './helper-thread.ts';
export { replayRulesWithHelper } from './replay-with-helper.ts';
