// Files a process model comes from and goes to: BPMN 2.0 and step tables.
// A separate entry point ('@pipewise/formats/process-model') so that reading
// an event log does not load the model's schema library and the diagram
// layout (~60 ms of start-up for every `pipewise analyze`).
export * from './bpmn/index.ts';
export * from './step-table/index.ts';
