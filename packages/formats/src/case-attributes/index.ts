export { type CaseAttributeReport, joinCaseAttributes } from './join-case-attributes.ts';
