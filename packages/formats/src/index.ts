export * from './byte-source/index.ts';
export * from './case-attributes/index.ts';
export * from './column-mapping/index.ts';
export * from './csv/index.ts';
export * from './encoding/index.ts';
export * from './input-error/index.ts';
export * from './threads/index.ts';
export * from './timestamp/index.ts';
