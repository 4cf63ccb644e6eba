export { analyzeLogWithHelper } from './analyze-with-helper.ts';
export {
  type HelperThread,
  runOnHelperThread,
  startHelperThread,
  stopHelperThread,
} from './helper-thread.ts';
