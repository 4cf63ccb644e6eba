export { type ByteSource, memorySource, openFileSource } from './byte-source.ts';
