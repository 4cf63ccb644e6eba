import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ProcessModel, parseProcessModel, type Step } from '@pipewise/engine/process-model';
import { describe, expect, it } from 'vitest';
import { describeInputError } from '../input-error/index.ts';
import { importBpmn } from './import-bpmn.ts';

// The shared BPMN files are read in place (CC BY 3.0 / MIT / Apache-2.0; see their README).
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const bpmnFolder = path.join(
  process.env.PIPEWISE_SHARED_DATA ?? path.resolve(repoRoot, '../shared/data'),
  'bpmn',
);
const hasShared = existsSync(bpmnFolder);
if (!hasShared && process.env.CI) throw new Error(`shared BPMN files missing at ${bpmnFolder}`);

function importShared(file: string) {
  const result = importBpmn(readFileSync(path.join(bpmnFolder, file), 'utf8'), { file });
  if (!result.ok) throw new Error(describeInputError(result.error));
  return result;
}

/** Counts over all nesting levels: the model's steps plus what collapsed sub-processes say they hold. */
function countAllLevels(model: ProcessModel) {
  const counts = { tasks: 0, gateways: 0, events: 0, subProcesses: 0 };
  const add = (step: Step): void => {
    if (step.kind === 'task' || step.kind === 'approval' || step.kind === 'hand-off')
      counts.tasks++;
    else if (step.kind === 'decision') counts.gateways++;
    else if (step.kind === 'subprocess') counts.subProcesses++;
    else counts.events++;
    const held = /holds \d+ flow elements? \(([^)]*)\)/.exec(step.notes ?? '')?.[1] ?? '';
    for (const part of held.split(', ').filter(Boolean)) {
      const [count, what] = part.split(' ') as [string, string];
      if (what.startsWith('task')) counts.tasks += Number(count);
      else if (what.startsWith('gateway')) counts.gateways += Number(count);
      else if (what.startsWith('event')) counts.events += Number(count);
      else if (what.startsWith('sub-process')) counts.subProcesses += Number(count);
    }
  };
  for (const step of model.steps) add(step);
  return counts;
}

/**
 * Per file, from the tables in shared/data/bpmn/README.md (all nesting
 * levels): tasks (with call activities), gateways, events, sub-processes,
 * flow nodes, message flows. Then, counted by hand for the model: lanes
 * (leaf lanes, plus one per pool without lanes), top-level sequence flows,
 * and boundary events on top-level activities (each gets a tying flow).
 * The last three were checked against a second count made with Python's
 * ElementTree, independently of this code.
 */
const FILES: [string, number, number, number, number, number, number, number, number, number][] = [
  // file, tasks, gateways, events, sub-proc, flow nodes, msg flows, lanes, sequence flows, boundary
  ['miwg/reference/A.1.0.bpmn', 3, 0, 2, 0, 5, 0, 0, 4, 0],
  ['miwg/reference/A.2.0.bpmn', 4, 2, 2, 0, 8, 0, 0, 9, 0],
  ['miwg/reference/A.2.1.bpmn', 4, 2, 2, 0, 8, 0, 0, 11, 0],
  ['miwg/reference/A.3.0.bpmn', 4, 0, 5, 1, 10, 0, 0, 8, 2],
  ['miwg/reference/A.4.0.bpmn', 6, 0, 9, 2, 17, 2, 3, 9, 0],
  ['miwg/reference/A.4.1.bpmn', 6, 0, 9, 2, 17, 2, 3, 9, 0],
  ['miwg/reference/B.1.0.bpmn', 11, 5, 11, 2, 29, 2, 3, 24, 0],
  ['miwg/reference/B.2.0.bpmn', 36, 8, 45, 5, 94, 2, 3, 76, 11],
  ['miwg/reference/C.1.0.bpmn', 9, 3, 9, 0, 21, 5, 4, 20, 0],
  ['miwg/reference/C.1.1.bpmn', 5, 2, 3, 0, 10, 0, 0, 10, 0],
  ['miwg/reference/C.2.0.bpmn', 11, 3, 14, 1, 29, 5, 5, 18, 1],
  ['miwg/reference/C.3.0.bpmn', 4, 3, 6, 1, 14, 0, 0, 15, 2],
  ['miwg/reference/C.4.0.bpmn', 22, 6, 12, 0, 40, 0, 5, 41, 0],
  ['miwg/reference/C.5.0.bpmn', 19, 12, 6, 0, 37, 0, 3, 40, 0],
  ['miwg/reference/C.6.0.bpmn', 12, 5, 21, 2, 40, 0, 0, 20, 3],
  ['miwg/reference/C.7.0.bpmn', 6, 3, 2, 0, 11, 0, 2, 12, 0],
  ['miwg/reference/C.8.0.bpmn', 9, 2, 7, 0, 18, 0, 0, 16, 1],
  ['miwg/reference/C.8.1.bpmn', 9, 2, 7, 0, 18, 0, 1, 16, 1],
  ['miwg/reference/C.9.0.bpmn', 10, 3, 10, 2, 25, 0, 1, 15, 1],
  ['miwg/reference/C.9.1.bpmn', 4, 0, 6, 0, 10, 0, 1, 7, 2],
  ['miwg/reference/C.9.2.bpmn', 5, 1, 11, 3, 20, 0, 1, 3, 1],
  ['examples/bpmn-js-examples/pizza-collaboration.bpmn', 9, 2, 7, 0, 18, 6, 4, 18, 0],
  ['examples/bpmn-js-examples/kitchen-sink.bpmn', 12, 5, 22, 3, 42, 0, 3, 22, 12],
  ['examples/camunda-bpm-platform/invoice.v2.bpmn', 5, 2, 3, 0, 10, 0, 3, 10, 0],
  ['examples/camunda-bpm-platform/testInvoiceProcessSignavio.bpmn', 10, 3, 11, 0, 24, 5, 5, 22, 0],
  ['miwg/exports/bpmn-io-camunda-modeler-18.6.1/A.4.1-export.bpmn', 6, 0, 9, 2, 17, 2, 3, 9, 0],
  ['miwg/exports/bpmn-io-camunda-modeler-18.6.1/B.2.0-export.bpmn', 34, 8, 43, 6, 91, 2, 3, 68, 10],
  ['miwg/exports/bpmn-io-camunda-modeler-18.6.1/C.1.0-export.bpmn', 9, 3, 9, 0, 21, 5, 4, 20, 0],
  ['miwg/exports/sap-signavio-19.9.0/A.4.1-export.bpmn', 6, 0, 9, 2, 17, 2, 3, 9, 0],
  ['miwg/exports/sap-signavio-19.9.0/C.1.0-export.bpmn', 9, 3, 9, 0, 21, 5, 4, 20, 0],
  ['miwg/exports/trisotech-workflow-modeler-12.6.3/A.4.1-export.bpmn', 6, 0, 9, 2, 17, 2, 3, 9, 0],
  [
    'miwg/exports/trisotech-workflow-modeler-12.6.3/B.2.0-export.bpmn',
    35,
    8,
    43,
    5,
    91,
    2,
    3,
    74,
    11,
  ],
  ['miwg/exports/trisotech-workflow-modeler-12.6.3/C.1.0-export.bpmn', 9, 3, 9, 0, 21, 5, 4, 20, 0],
  ['miwg/exports/aris-10.2025.07/A.4.1-export.bpmn', 6, 0, 9, 2, 17, 2, 3, 9, 0],
  ['miwg/exports/aris-10.2025.07/B.2.0-export.bpmn', 35, 8, 43, 5, 91, 2, 3, 74, 11],
  ['miwg/exports/aris-10.2025.07/C.1.0-export.bpmn', 9, 3, 9, 0, 21, 5, 4, 20, 0],
  ['miwg/exports/adonis-17.0/A.4.1-export.bpmn', 6, 0, 9, 2, 17, 2, 3, 9, 0],
  ['miwg/exports/adonis-17.0/B.2.0-export.bpmn', 36, 8, 45, 5, 94, 2, 3, 76, 11],
  ['miwg/exports/adonis-17.0/C.1.0-export.bpmn', 9, 3, 9, 0, 21, 3, 4, 20, 0],
  ['miwg/exports/visual-paradigm-11.1/A.4.1-roundtrip.bpmn', 6, 0, 9, 2, 17, 2, 3, 9, 0],
  ['miwg/exports/visual-paradigm-11.1/B.2.0-roundtrip.bpmn', 34, 8, 45, 7, 94, 2, 3, 65, 7],
  ['miwg/exports/visual-paradigm-11.1/C.1.0-roundtrip.bpmn', 9, 3, 9, 0, 21, 5, 4, 20, 0],
];

/**
 * Elements the importer always takes in: none of them may come back as
 * unknown. (Data objects and stores are taken in when a step reads or
 * writes them; unattached ones are kept as unknown.)
 */
const UNDERSTOOD = [
  'task',
  'userTask',
  'serviceTask',
  'callActivity',
  'subProcess',
  'exclusiveGateway',
  'parallelGateway',
  'startEvent',
  'endEvent',
  'intermediateCatchEvent',
  'boundaryEvent',
  'sequenceFlow',
  'messageFlow',
  'lane',
  'laneSet',
  'flowNodeRef',
  'process',
  'collaboration',
  'participant',
  'dataState',
  'incoming',
  'outgoing',
  'extensionElements',
  'conditionExpression',
  'ioSpecification',
  'inputSet',
  'outputSet',
];

describe.skipIf(!hasShared)('importBpmn on files drawn by other tools', () => {
  it.each(FILES)(
    '%s: %i tasks, %i gateways, %i events, %i sub-processes (%i flow nodes), %i message flows, %i lanes',
    (file, tasks, gateways, events, subProcesses, flowNodes, messageFlows, lanes, sequenceFlows, boundaryEvents) => {
      const { model, warnings } = importShared(file);
      expect(countAllLevels(model)).toEqual({ tasks, gateways, events, subProcesses });
      expect(tasks + gateways + events + subProcesses).toBe(flowNodes);
      expect(model.lanes).toHaveLength(lanes);
      expect(model.flows.filter((flow) => flow.kind === 'message')).toHaveLength(messageFlows);
      expect(model.flows.filter((flow) => flow.kind === 'sequence')).toHaveLength(
        sequenceFlows + boundaryEvents,
      );
      // A valid model as the engine saves it, every unknown element reported.
      expect(parseProcessModel(JSON.parse(JSON.stringify(model)))).toMatchObject({ ok: true });
      expect(warnings.filter((warning) => warning.kind === 'unknown-element')).toHaveLength(
        model.unknownElements.length,
      );
      for (const unknown of model.unknownElements) {
        expect(UNDERSTOOD).not.toContain(unknown.element);
        expect(unknown.location).toMatch(new RegExp(`^${file.replace(/\./g, '\\.')}:\\d+$`));
      }
    },
  );

  it('refuses the Signavio B.2.0 export, whose sequence flow starts at an element the tool lost', () => {
    const file = 'miwg/exports/sap-signavio-19.9.0/B.2.0-export.bpmn';
    const result = importBpmn(readFileSync(path.join(bpmnFolder, file), 'utf8'), { file });
    expect(result).toEqual({
      ok: false,
      error: {
        reason: 'missing-element',
        file,
        line: 1247,
        lineColumn: 7,
        value: 'sid-ED496D00-919C-4799-9F0C-D6FB0EA1D906',
        expected:
          'sourceRef of sequenceFlow "sid-E1638278-7098-4BFF-9F77-653EA156C782" to be an element of the file',
      },
    });
  });

  it('reads the Camunda invoice approval: its lanes, an approval, a data store as a system, conditions', () => {
    const { model } = importShared('examples/camunda-bpm-platform/invoice.v2.bpmn');
    expect(model.name).toEqual({ en: 'Invoice Receipt' });
    expect(model.lanes.map((lane) => lane.name.en)).toEqual([
      'Accountant',
      'Team Assistant',
      'Approver',
    ]);
    const approve = model.steps.find((step) => step.id === 'approveInvoice')!;
    expect(approve).toMatchObject({ kind: 'approval', laneId: 'Approver' });
    expect(approve.notes).toBe('Approve the invoice (or not).\nBPMN userTask');
    const transfer = model.steps.find((step) => step.id === 'prepareBankTransfer')!;
    expect(transfer.name).toEqual({ en: 'Prepare\nBank\nTransfer' });
    expect(transfer.systems).toEqual(['Financial Accounting System']);
    expect(model.steps.find((step) => step.id === 'reviewInvoice')!.notes).toBe(
      'BPMN callActivity',
    );
    expect(
      model.flows
        .filter((flow) => flow.from === 'invoice_approved')
        .map((flow) => flow.condition)
        .sort(),
      // Camunda's expression language, as written in the file.
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the condition text contains ${…} literally.
    ).toEqual(['${!approved}', '${approved}']);
    expect(model.steps[0]!.name).toEqual({ en: 'Invoice\nreceived' });
  });

  it('reads the pizza collaboration: two pools, the vendor’s lanes, message flows, an event-based gateway and a timer', () => {
    const { model } = importShared('examples/bpmn-js-examples/pizza-collaboration.bpmn');
    expect(model.lanes.map((lane) => lane.name.en)).toEqual([
      'Pizza Customer',
      'Pizza vendor / clerk',
      'Pizza vendor / pizza chef',
      'Pizza vendor / delivery boy',
    ]);
    expect(model.steps.find((step) => step.name.en === '60 minutes')?.kind).toBe('wait');
    expect(model.steps.filter((step) => step.gateway === 'event-based')).toHaveLength(1);
    expect(
      model.flows
        .filter((flow) => flow.kind === 'message')
        .map((flow) => flow.condition ?? '')
        .sort(),
    ).toEqual(['', '', 'money', 'pizza', 'pizza order', 'receipt']);
    expect(model.unknownElements).toEqual([]);
  });

  it('reads the kitchen sink: each boundary event tied to its activity, the annotation kept', () => {
    const { model } = importShared('examples/bpmn-js-examples/kitchen-sink.bpmn');
    const ties = model.flows.filter((flow) => flow.id.endsWith('-attached'));
    expect(ties).toHaveLength(12);
    expect(
      ties.map((flow) => flow.condition).filter((c) => c?.includes('non-interrupting')),
    ).toHaveLength(4);
    expect(model.unknownElements).toContainEqual({
      element: 'textAnnotation',
      id: 'TextAnnotation_13stt0v',
      name: 'Hello World',
      location: 'examples/bpmn-js-examples/kitchen-sink.bpmn:174',
    });
  });

  it('reads the Signavio invoice: unnamed lanes named after their pools, a data store linked by plain associations', () => {
    const { model } = importShared('examples/camunda-bpm-platform/testInvoiceProcessSignavio.bpmn');
    expect(model.lanes.map((lane) => lane.name.en)).toEqual([
      'Team-Assistenz',
      'invoice-inbound / Freigebender',
      'invoice-inbound / Team-Assistenz',
      'invoice-inbound / Buchhaltung',
      'Geschäftsführung',
    ]);
    const usingTemplates = model.steps.filter((step) =>
      step.systems.includes('Überweisungs-\nvorlagen'),
    );
    expect(usingTemplates.map((step) => step.name.en)).toEqual([
      'Über-weisungen ausführen',
      'Überweisung vorbereiten',
    ]);
  });

  it('keeps the line breaks tools put in names (ARIS writes CR LF)', () => {
    const { model } = importShared('miwg/exports/aris-10.2025.07/B.2.0-export.bpmn');
    expect(model.steps.some((step) => step.name.en?.includes('\r\n'))).toBe(true);
  });
});
