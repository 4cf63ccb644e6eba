export {
  clipValue,
  describeInputError,
  type InputError,
  type InputErrorReason,
  InputFailure,
  type ReadResult,
  unreadableFile,
} from './input-error.ts';
