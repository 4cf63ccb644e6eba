export {
  type HelperThread,
  runOnHelperThread,
  startHelperThread,
  stopHelperThread,
} from './helper-thread.ts';
