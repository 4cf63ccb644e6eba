import type { Box, Point, SwimlaneLayout } from '@pipewise/diagrams';
import {
  displayName,
  type Flow,
  type LocalizedText,
  type ProcessModel,
  type Step,
} from '@pipewise/engine/process-model';
import {
  BPMN_DI_NAMESPACE,
  BPMN_MODEL_NAMESPACE,
  DC_NAMESPACE,
  DI_NAMESPACE,
  GATEWAY_ELEMENTS,
  isChineseText,
  PIPEWISE_BPMN_NAMESPACE,
  stepKindOf,
  XSI_NAMESPACE,
} from './bpmn-vocabulary.ts';
import { escapeXmlAttribute, escapeXmlText } from './escape-xml.ts';
import { XmlIdAllocator } from './xml-id-allocator.ts';

export interface BpmnExportOptions {
  /** The language of BPMN's `name` attributes; the other language goes in `pipewise:nameZh`/`nameEn`. */
  language: 'zh' | 'en';
}

/** Room left of the lanes for the pool's own label band, as BPMN tools draw it. */
const POOL_BAND_PX = 30;
/** Margin around the pool, so that no coordinate is negative. */
const MARGIN_PX = 20;
/** Space between the pool and the row of data objects and stores under it. */
const ARTIFACT_ROW_GAP_PX = 40;
const DATA_OBJECT_SIZE = { width: 36, height: 50 };
const DATA_STORE_SIZE = { width: 50, height: 50 };
const ARTIFACT_SPACING_PX = 14;
/** BPMN tools draw events 36 px wide. */
const EVENT_DIAMETER_PX = 36;
const LABEL_GAP_PX = 4;

/** Gateways whose outgoing flows may carry a condition expression in BPMN. */
const CONDITIONAL_GATEWAYS = new Set(['exclusiveGateway', 'inclusiveGateway', 'complexGateway']);

/**
 * Writes a process model as BPMN 2.0 XML with diagram information, for
 * bpmn.io, Camunda Modeler and other tools: one pool (the model) with its
 * lanes, one element per step by kind, sequence flows (conditions as
 * condition expressions after exclusive, inclusive and complex gateways, and
 * as names everywhere), message flows, data objects for artifacts and data
 * stores for systems, and a BPMNDI shape or edge for each from `layout` (the
 * same picture as the swimlane SVG). What BPMN has no field for — the other
 * language's name, a kind the element type does not tell, estimated and
 * measured durations, systems, counts, unknown elements kept from an import —
 * goes in the pipewise namespace, so that `importBpmn` gives the model back.
 * See docs/bpmn.md.
 */
export function exportBpmn(
  model: ProcessModel,
  layout: SwimlaneLayout,
  options: BpmnExportOptions,
): string {
  return new BpmnWriter(model, layout, options.language).write();
}

interface StepElement {
  step: Step;
  xmlId: string;
  isMapped: boolean;
  element: string;
  incoming: string[];
  outgoing: string[];
  /** Data objects read and written, and data stores used, as XML ids of their references. */
  inputRefs: string[];
  outputRefs: string[];
  storeRefs: string[];
  /** Data associations of an activity, for their diagram edges. */
  associations: { id: string; from: string; to: string }[];
}

interface DataReference {
  id: string;
  dataObjectId?: string;
  name: string;
  kind: 'object' | 'store';
  /** The first step that uses it: it is drawn under that step. */
  stepId: string;
}

class BpmnWriter {
  private readonly model: ProcessModel;
  private readonly layout: SwimlaneLayout;
  private readonly language: 'zh' | 'en';
  private readonly ids = new XmlIdAllocator();
  private readonly lines: string[] = [];
  private readonly steps = new Map<string, StepElement>();
  private readonly laneIds = new Map<string, { xmlId: string; isMapped: boolean }>();
  private readonly flowIds = new Map<string, { xmlId: string; isMapped: boolean }>();
  private readonly references = new Map<string, DataReference>();
  private readonly offset = { x: MARGIN_PX + POOL_BAND_PX, y: MARGIN_PX };

  constructor(model: ProcessModel, layout: SwimlaneLayout, language: 'zh' | 'en') {
    this.model = model;
    this.layout = layout;
    this.language = language;
  }

  write(): string {
    const model = this.model;
    // Model ids first, so that they keep their text whenever it is a valid XML id.
    const processId = this.ids.forModelId(model.id, 'Process');
    for (const step of model.steps) this.planStep(step);
    for (const lane of model.lanes) this.laneIds.set(lane.id, this.ids.forModelId(lane.id, 'Lane'));
    const flows = model.flows.filter(
      (flow) => this.steps.has(flow.from) && this.steps.has(flow.to),
    );
    for (const flow of flows) {
      this.flowIds.set(flow.id, this.ids.forModelId(flow.id, 'Flow'));
      this.steps.get(flow.from)!.outgoing.push(this.flowIds.get(flow.id)!.xmlId);
      this.steps.get(flow.to)!.incoming.push(this.flowIds.get(flow.id)!.xmlId);
    }
    this.planData();
    const definitionsId = this.ids.fresh(`Definitions_${processId.xmlId}`);
    const collaborationId = this.ids.fresh(`Collaboration_${processId.xmlId}`);
    const participantId = this.ids.fresh(`Participant_${processId.xmlId}`);

    const version = model.version;
    this.line(0, '<?xml version="1.0" encoding="UTF-8"?>');
    this.line(
      0,
      `<bpmn:definitions${attributes({
        'xmlns:bpmn': BPMN_MODEL_NAMESPACE,
        'xmlns:bpmndi': BPMN_DI_NAMESPACE,
        'xmlns:dc': DC_NAMESPACE,
        'xmlns:di': DI_NAMESPACE,
        'xmlns:xsi': XSI_NAMESPACE,
        'xmlns:pipewise': PIPEWISE_BPMN_NAMESPACE,
        id: definitionsId,
        targetNamespace: 'https://pipewise.dev/models',
        exporter: 'Pipewise',
        exporterVersion: '0.1.0',
        'pipewise:modelId': model.id,
        'pipewise:language': this.language,
        'pipewise:versionNumber': String(version.number),
        'pipewise:stage': version.stage,
        'pipewise:versionLabel': version.label,
        'pipewise:derivedFromModelId': version.derivedFrom?.modelId,
        'pipewise:derivedFromNumber':
          version.derivedFrom === undefined ? undefined : String(version.derivedFrom.number),
      })}>`,
    );
    this.line(1, `<bpmn:collaboration id="${collaborationId}">`);
    this.line(
      2,
      `<bpmn:participant${attributes({
        id: participantId,
        name: displayName(model.name, this.language),
        processRef: processId.xmlId,
      })} />`,
    );
    for (const flow of flows) if (flow.kind === 'message') this.writeMessageFlow(flow);
    this.line(1, '</bpmn:collaboration>');
    this.writeProcess(processId, flows);
    this.writeDiagram(collaborationId, participantId, flows);
    this.line(0, '</bpmn:definitions>');
    return `${this.lines.join('\n')}\n`;
  }

  // --- the process -----------------------------------------------------------

  private planStep(step: Step): void {
    const { xmlId, isMapped } = this.ids.forModelId(step.id, 'Step');
    this.steps.set(step.id, {
      step,
      xmlId,
      isMapped,
      element: elementOfStep(step),
      incoming: [],
      outgoing: [],
      inputRefs: [],
      outputRefs: [],
      storeRefs: [],
      associations: [],
    });
  }

  /** One data object reference per artifact name and one data store reference per system, shared by the steps. */
  private planData(): void {
    for (const { step, element } of this.steps.values()) {
      if (!isActivityElement(element)) continue;
      for (const name of [...step.inputs, ...step.outputs]) this.reference('object', name, step.id);
      for (const name of step.systems) this.reference('store', name, step.id);
    }
  }

  private reference(kind: 'object' | 'store', name: string, stepId: string): DataReference {
    const key = `${kind}\u0000${name}`;
    let reference = this.references.get(key);
    if (!reference) {
      reference = {
        id: this.ids.fresh(kind === 'object' ? 'DataObjectReference' : 'DataStoreReference'),
        name,
        kind,
        stepId,
      };
      if (kind === 'object') reference.dataObjectId = this.ids.fresh('DataObject');
      this.references.set(key, reference);
    }
    return reference;
  }

  private writeProcess(processId: { xmlId: string }, flows: Flow[]): void {
    const model = this.model;
    this.line(
      1,
      `<bpmn:process${attributes({
        id: processId.xmlId,
        name: displayName(model.name, this.language),
        isExecutable: 'false',
        ...this.nameExtras(model.name),
      })}>`,
    );
    if (model.notes)
      this.line(2, `<bpmn:documentation>${escapeXmlText(model.notes)}</bpmn:documentation>`);
    if (model.unknownElements.length > 0) {
      // Kept from the file the model was imported from, so that they are still reported.
      this.line(2, '<bpmn:extensionElements>');
      for (const unknown of model.unknownElements) {
        this.line(
          3,
          `<pipewise:unknownElement${attributes({
            element: unknown.element,
            // Not `id`: it is the element's id in another file, not an id of this one.
            elementId: unknown.id,
            name: unknown.name,
            location: unknown.location,
          })} />`,
        );
      }
      this.line(2, '</bpmn:extensionElements>');
    }
    if (model.lanes.length > 0) {
      this.line(2, `<bpmn:laneSet id="${this.ids.fresh('LaneSet')}">`);
      for (const lane of model.lanes) {
        const id = this.laneIds.get(lane.id)!;
        const nodes = model.steps.filter((step) => step.laneId === lane.id);
        this.line(
          3,
          `<bpmn:lane${attributes({
            id: id.xmlId,
            name: displayName(lane.name, this.language),
            ...this.nameExtras(lane.name),
            'pipewise:id': id.isMapped ? lane.id : undefined,
            'pipewise:department': lane.department,
          })}${nodes.length === 0 ? ' />' : '>'}`,
        );
        if (nodes.length === 0) continue;
        for (const step of nodes) {
          this.line(4, `<bpmn:flowNodeRef>${this.steps.get(step.id)!.xmlId}</bpmn:flowNodeRef>`);
        }
        this.line(3, '</bpmn:lane>');
      }
      this.line(2, '</bpmn:laneSet>');
    }
    for (const element of this.steps.values()) this.writeStep(element);
    for (const flow of flows) if (flow.kind !== 'message') this.writeSequenceFlow(flow);
    for (const reference of this.references.values()) {
      if (reference.kind === 'object') {
        this.line(
          2,
          `<bpmn:dataObject${attributes({ id: reference.dataObjectId, name: reference.name })} />`,
        );
        this.line(
          2,
          `<bpmn:dataObjectReference${attributes({
            id: reference.id,
            name: reference.name,
            dataObjectRef: reference.dataObjectId,
          })} />`,
        );
      } else {
        this.line(
          2,
          `<bpmn:dataStoreReference${attributes({ id: reference.id, name: reference.name })} />`,
        );
      }
    }
    this.line(1, '</bpmn:process>');
  }

  private writeStep(element: StepElement): void {
    const { step, xmlId } = element;
    const name = displayName(step.name, this.language);
    const isActivity = isActivityElement(element.element);
    const savedKind =
      stepKindOf(
        element.element,
        name,
        element.element === 'intermediateCatchEvent' ? ['timerEventDefinition'] : [],
      ) === step.kind
        ? undefined
        : step.kind;
    const extensions = this.stepExtensions(step, isActivity);
    const hasBody =
      Boolean(step.notes) ||
      extensions.length > 0 ||
      element.incoming.length + element.outgoing.length > 0 ||
      element.element === 'intermediateCatchEvent' ||
      (isActivity && step.inputs.length + step.outputs.length + step.systems.length > 0);
    this.line(
      2,
      `<bpmn:${element.element}${attributes({
        id: xmlId,
        name,
        ...this.nameExtras(step.name),
        'pipewise:id': element.isMapped ? step.id : undefined,
        'pipewise:kind': savedKind,
        'pipewise:cases': step.cases === undefined ? undefined : String(step.cases),
      })}${hasBody ? '>' : ' />'}`,
    );
    if (!hasBody) return;
    if (step.notes)
      this.line(3, `<bpmn:documentation>${escapeXmlText(step.notes)}</bpmn:documentation>`);
    if (extensions.length > 0) {
      this.line(3, '<bpmn:extensionElements>');
      for (const extension of extensions) this.line(4, extension);
      this.line(3, '</bpmn:extensionElements>');
    }
    for (const id of element.incoming) this.line(3, `<bpmn:incoming>${id}</bpmn:incoming>`);
    for (const id of element.outgoing) this.line(3, `<bpmn:outgoing>${id}</bpmn:outgoing>`);
    if (isActivity) this.writeDataAssociations(element);
    if (element.element === 'intermediateCatchEvent') {
      this.line(
        3,
        `<bpmn:timerEventDefinition id="${this.ids.fresh(`TimerEventDefinition_${xmlId}`)}" />`,
      );
    }
    this.line(2, `</bpmn:${element.element}>`);
  }

  /**
   * Pipewise extension elements of a step. Artifacts of a step that BPMN
   * cannot link data to (gateways, events) are kept here too.
   */
  private stepExtensions(step: Step, isActivity: boolean): string[] {
    const lines: string[] = [];
    if (step.estimated) {
      lines.push(
        `<pipewise:estimate${attributes({
          value: String(step.estimated.value),
          unit: step.estimated.unit,
          basis: step.estimated.basis,
          text: step.estimated.text,
        })} />`,
      );
    }
    if (step.measured) {
      lines.push(
        `<pipewise:measured>${escapeXmlText(JSON.stringify(step.measured))}</pipewise:measured>`,
      );
    }
    if (step.origin) {
      lines.push(`<pipewise:origin kind="${step.origin.kind}">`);
      for (const id of step.origin.stepIds)
        lines.push(`  <pipewise:step${attributes({ ref: id })} />`);
      lines.push('</pipewise:origin>');
    }
    if (!isActivity) {
      for (const name of step.inputs) lines.push(`<pipewise:input${attributes({ name })} />`);
      for (const name of step.outputs) lines.push(`<pipewise:output${attributes({ name })} />`);
      for (const name of step.systems) lines.push(`<pipewise:system${attributes({ name })} />`);
    }
    return lines;
  }

  /**
   * Inputs as data input associations from data objects, outputs as data
   * output associations to them, systems as data input associations from
   * data stores. A data input association needs a target inside the
   * activity: a property, as bpmn.io writes it.
   */
  private writeDataAssociations(element: StepElement): void {
    const { step } = element;
    const sources = [
      ...step.inputs.map((name) => this.references.get(`object\u0000${name}`)!),
      ...step.systems.map((name) => this.references.get(`store\u0000${name}`)!),
    ];
    if (sources.length > 0) {
      const propertyId = this.ids.fresh(`Property_${element.xmlId}`);
      this.line(
        3,
        `<bpmn:property${attributes({ id: propertyId, name: '__targetRef_placeholder' })} />`,
      );
      for (const source of sources) {
        const id = this.ids.fresh('DataInputAssociation');
        this.line(3, `<bpmn:dataInputAssociation id="${id}">`);
        this.line(4, `<bpmn:sourceRef>${source.id}</bpmn:sourceRef>`);
        this.line(4, `<bpmn:targetRef>${propertyId}</bpmn:targetRef>`);
        this.line(3, '</bpmn:dataInputAssociation>');
        element.associations.push({ id, from: source.id, to: element.xmlId });
      }
    }
    for (const name of step.outputs) {
      const target = this.references.get(`object\u0000${name}`)!;
      const id = this.ids.fresh('DataOutputAssociation');
      this.line(3, `<bpmn:dataOutputAssociation id="${id}">`);
      this.line(4, `<bpmn:targetRef>${target.id}</bpmn:targetRef>`);
      this.line(3, '</bpmn:dataOutputAssociation>');
      element.associations.push({ id, from: element.xmlId, to: target.id });
    }
  }

  private writeSequenceFlow(flow: Flow): void {
    const id = this.flowIds.get(flow.id)!;
    const source = this.steps.get(flow.from)!;
    const target = this.steps.get(flow.to)!;
    const hasExpression = flow.condition !== undefined && CONDITIONAL_GATEWAYS.has(source.element);
    const attributeText = attributes({
      id: id.xmlId,
      name: flow.condition,
      sourceRef: source.xmlId,
      targetRef: target.xmlId,
      'pipewise:id': id.isMapped ? flow.id : undefined,
      'pipewise:count': flow.count === undefined ? undefined : String(flow.count),
    });
    if (!hasExpression) {
      this.line(2, `<bpmn:sequenceFlow${attributeText} />`);
      return;
    }
    this.line(2, `<bpmn:sequenceFlow${attributeText}>`);
    this.line(
      3,
      `<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${escapeXmlText(flow.condition!)}</bpmn:conditionExpression>`,
    );
    this.line(2, '</bpmn:sequenceFlow>');
  }

  /** Message flows run between pools in BPMN; the model has one pool, so they link its lanes (see docs/bpmn.md). */
  private writeMessageFlow(flow: Flow): void {
    const id = this.flowIds.get(flow.id)!;
    this.line(
      2,
      `<bpmn:messageFlow${attributes({
        id: id.xmlId,
        name: flow.condition,
        sourceRef: this.steps.get(flow.from)!.xmlId,
        targetRef: this.steps.get(flow.to)!.xmlId,
        'pipewise:id': id.isMapped ? flow.id : undefined,
        'pipewise:count': flow.count === undefined ? undefined : String(flow.count),
      })} />`,
    );
  }

  /**
   * The name in the export language goes in BPMN's `name`; the other
   * language in `pipewise:nameZh`/`nameEn`; `pipewise:nameIn` says which
   * language `name` is in when its characters would say otherwise (a
   * Chinese model without English names exported in English, say).
   */
  private nameExtras(name: LocalizedText): Record<string, string | undefined> {
    const inLanguage = name[this.language] !== undefined ? this.language : other(this.language);
    const text = displayName(name, this.language);
    const detected = isChineseText(text) ? 'zh' : 'en';
    const otherLanguage = other(inLanguage);
    return {
      'pipewise:nameIn': detected === inLanguage ? undefined : inLanguage,
      [otherLanguage === 'zh' ? 'pipewise:nameZh' : 'pipewise:nameEn']: name[otherLanguage],
    };
  }

  // --- the diagram -----------------------------------------------------------

  private writeDiagram(collaborationId: string, participantId: string, flows: Flow[]): void {
    const layout = this.layout;
    this.line(1, `<bpmndi:BPMNDiagram id="${this.ids.fresh('BPMNDiagram')}">`);
    this.line(
      2,
      `<bpmndi:BPMNPlane id="${this.ids.fresh('BPMNPlane')}" bpmnElement="${collaborationId}">`,
    );
    this.shape(participantId, {
      box: { x: -POOL_BAND_PX, y: 0, width: layout.width + POOL_BAND_PX, height: layout.height },
      extra: { isHorizontal: 'true' },
    });
    for (const lane of layout.lanes) {
      if (lane.laneId === null) continue;
      const id = this.laneIds.get(lane.laneId);
      if (id) this.shape(id.xmlId, { box: lane.box, extra: { isHorizontal: 'true' } });
    }
    const placedSteps = new Map(layout.steps.map((placed) => [placed.stepId, placed]));
    /** Where each step is drawn in BPMN: the layout's box, or a circle in it for an event the chart draws as a box. */
    const boxes = new Map<string, { box: Box; circle?: { x: number; y: number; r: number } }>();
    for (const element of this.steps.values()) {
      const placed = placedSteps.get(element.step.id);
      if (!placed) {
        throw new Error(
          `exportBpmn: the layout has no box for step "${element.step.id}" (a layout of another model?)`,
        );
      }
      const extra: Record<string, string> = {};
      if (element.element === 'subProcess') extra.isExpanded = 'false';
      if (element.element === 'exclusiveGateway') extra.isMarkerVisible = 'true';
      if (element.element.endsWith('Event') && placed.shape === 'rectangle') {
        // A wait is a box in the swimlane chart but a timer event in BPMN: a
        // circle of BPMN's usual size in the middle of the box, its name under it.
        const x = placed.box.x + placed.box.width / 2;
        const y = placed.box.y + placed.box.height / 2;
        const r = EVENT_DIAMETER_PX / 2;
        const box = { x: x - r, y: y - r, width: 2 * r, height: 2 * r };
        const label = {
          x: placed.box.x,
          y: y + r + LABEL_GAP_PX,
          width: placed.box.width,
          height: placed.labelBox.height,
        };
        boxes.set(element.step.id, { box, circle: { x, y, r } });
        this.shape(element.xmlId, { box, extra, label });
        continue;
      }
      boxes.set(element.step.id, { box: placed.box });
      // Names sit under circles and diamonds; inside task boxes, BPMN tools place them.
      const label = placed.shape === 'rectangle' ? undefined : placed.labelBox;
      this.shape(element.xmlId, { box: placed.box, extra, label });
    }
    const routes = new Map(layout.flows.map((route) => [route.flowId, route]));
    for (const flow of flows) {
      const route = routes.get(flow.id);
      const from = boxes.get(flow.from)!;
      const to = boxes.get(flow.to)!;
      const waypoints = (route?.waypoints ?? straightLine(from.box, to.box)).map((point) => ({
        ...point,
      }));
      if (from.circle) moveOntoCircle(waypoints, 0, 1, from.circle);
      if (to.circle)
        moveOntoCircle(waypoints, waypoints.length - 1, waypoints.length - 2, to.circle);
      this.edge(
        this.flowIds.get(flow.id)!.xmlId,
        waypoints,
        flow.condition ? route?.labelBox : undefined,
      );
    }
    this.writeDataDiagram(boxes);
    this.line(2, '</bpmndi:BPMNPlane>');
    this.line(1, '</bpmndi:BPMNDiagram>');
  }

  /**
   * Data objects and stores go in a row under the pool, each under the first
   * step that uses it (moved right past its neighbours), with their
   * associations drawn straight to the steps.
   */
  private writeDataDiagram(boxes: Map<string, { box: Box }>): void {
    const rowY = this.layout.height + ARTIFACT_ROW_GAP_PX;
    const centres = new Map<string, Point>();
    let rightmost = Number.NEGATIVE_INFINITY;
    const ordered = [...this.references.values()].sort(
      (a, b) => centreX(boxes.get(a.stepId)!.box) - centreX(boxes.get(b.stepId)!.box),
    );
    for (const reference of ordered) {
      const size = reference.kind === 'object' ? DATA_OBJECT_SIZE : DATA_STORE_SIZE;
      const x = Math.max(
        centreX(boxes.get(reference.stepId)!.box) - size.width / 2,
        rightmost + ARTIFACT_SPACING_PX,
      );
      rightmost = x + size.width;
      const box = { x, y: rowY, ...size };
      this.shape(reference.id, { box });
      centres.set(reference.id, { x: x + size.width / 2, y: rowY });
    }
    for (const element of this.steps.values()) {
      const box = boxes.get(element.step.id)!.box;
      const bottom = { x: centreX(box), y: box.y + box.height };
      for (const association of element.associations) {
        const isInput = association.to === element.xmlId;
        const data = centres.get(isInput ? association.from : association.to)!;
        this.edge(association.id, isInput ? [data, bottom] : [bottom, data]);
      }
    }
  }

  private shape(
    bpmnElement: string,
    shape: { box: Box; extra?: Record<string, string>; label?: Box | undefined },
  ): void {
    const id = this.ids.fresh(`${bpmnElement}_di`);
    this.line(3, `<bpmndi:BPMNShape${attributes({ id, bpmnElement, ...shape.extra })}>`);
    this.line(4, `<dc:Bounds ${this.bounds(shape.box)} />`);
    if (shape.label) {
      this.line(4, '<bpmndi:BPMNLabel>');
      this.line(5, `<dc:Bounds ${this.bounds(shape.label)} />`);
      this.line(4, '</bpmndi:BPMNLabel>');
    }
    this.line(3, '</bpmndi:BPMNShape>');
  }

  private edge(bpmnElement: string, waypoints: Point[], label?: Box): void {
    const id = this.ids.fresh(`${bpmnElement}_di`);
    this.line(3, `<bpmndi:BPMNEdge id="${id}" bpmnElement="${bpmnElement}">`);
    for (const point of waypoints) {
      this.line(
        4,
        `<di:waypoint x="${round(point.x + this.offset.x)}" y="${round(point.y + this.offset.y)}" />`,
      );
    }
    if (label) {
      this.line(4, '<bpmndi:BPMNLabel>');
      this.line(5, `<dc:Bounds ${this.bounds(label)} />`);
      this.line(4, '</bpmndi:BPMNLabel>');
    }
    this.line(3, '</bpmndi:BPMNEdge>');
  }

  private bounds(box: Box): string {
    return `x="${round(box.x + this.offset.x)}" y="${round(box.y + this.offset.y)}" width="${round(box.width)}" height="${round(box.height)}"`;
  }

  private line(depth: number, text: string): void {
    this.lines.push(`${'  '.repeat(depth)}${text}`);
  }
}

/**
 * The BPMN element a step is written as. Approvals are user tasks, waits
 * timer catch events, other events plain intermediate (throw) events, and a
 * hand-off a task (with `pipewise:kind`); a decision without a gateway kind
 * is an exclusive gateway.
 */
function elementOfStep(step: Step): string {
  switch (step.kind) {
    case 'start':
      return 'startEvent';
    case 'end':
      return 'endEvent';
    case 'approval':
      return 'userTask';
    case 'wait':
      return 'intermediateCatchEvent';
    case 'event':
      return 'intermediateThrowEvent';
    case 'decision':
      return GATEWAY_ELEMENTS.get(step.gateway ?? 'exclusive')!;
    case 'subprocess':
      return 'subProcess';
    default:
      return 'task';
  }
}

/** Only activities link data in BPMN; gateways and events keep their artifacts in the pipewise namespace. */
function isActivityElement(element: string): boolean {
  return element === 'task' || element === 'userTask' || element === 'subProcess';
}

/** ` a="…" b="…"`, leaving out undefined values. */
function attributes(values: Record<string, string | undefined>): string {
  let text = '';
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined) text += ` ${name}="${escapeXmlAttribute(value)}"`;
  }
  return text;
}

function other(language: 'zh' | 'en'): 'zh' | 'en' {
  return language === 'zh' ? 'en' : 'zh';
}

function centreX(box: Box): number {
  return box.x + box.width / 2;
}

/**
 * Moves a flow's end (`points[end]`, on the edge of the box the layout
 * drew) along its last segment onto the circle drawn inside that box.
 * Routes are orthogonal, so the segment is horizontal or vertical.
 */
function moveOntoCircle(
  points: Point[],
  end: number,
  neighbour: number,
  circle: { x: number; y: number; r: number },
): void {
  const point = points[end];
  const other = points[neighbour];
  if (!point || !other) return;
  if (point.y === other.y && Math.abs(point.y - circle.y) < circle.r) {
    const half = Math.sqrt(circle.r ** 2 - (point.y - circle.y) ** 2);
    point.x = other.x < circle.x ? circle.x - half : circle.x + half;
  } else if (point.x === other.x && Math.abs(point.x - circle.x) < circle.r) {
    const half = Math.sqrt(circle.r ** 2 - (point.x - circle.x) ** 2);
    point.y = other.y < circle.y ? circle.y - half : circle.y + half;
  }
}

/** From the right edge of one box to the left edge of another, for a flow the layout did not route. */
function straightLine(from: Box, to: Box): Point[] {
  return [
    { x: from.x + from.width, y: from.y + from.height / 2 },
    { x: to.x, y: to.y + to.height / 2 },
  ];
}

/** Coordinates to two decimals: layouts have halves and quarters, and the file stays short. */
function round(value: number): string {
  return String(Math.round(value * 100) / 100);
}
