export { PIPEWISE_BPMN_NAMESPACE } from './bpmn-vocabulary.ts';
export { decodeXmlBytes } from './decode-xml-bytes.ts';
export { type BpmnExportOptions, exportBpmn } from './export-bpmn.ts';
export { type BpmnImportOptions, type BpmnImportResult, importBpmn } from './import-bpmn.ts';
