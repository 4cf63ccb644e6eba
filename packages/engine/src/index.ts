export * from './calendar/index.ts';
export * from './event-log/index.ts';
export * from './filters/index.ts';
export * from './mining/index.ts';
export * from './statistics/index.ts';
export * from './survey/summarize-mentions.ts';
export * from './time-zone/index.ts';
