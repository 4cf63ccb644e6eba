export {
  clipValue,
  describeInputError,
  type InputError,
  type InputErrorReason,
  InputFailure,
  type ReadResult,
} from './input-error.ts';
