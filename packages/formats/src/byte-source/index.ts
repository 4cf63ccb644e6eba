export { type ByteSource, memorySource, openFileRange, openFileSource } from './byte-source.ts';
