export {
  bomLengthOf,
  decoderLabel,
  detectEncoding,
  type EncodingGuess,
  normalizeEncoding,
  type TextEncodingName,
} from './detect-encoding.ts';
export { toUtf8Source } from './utf8-source.ts';
