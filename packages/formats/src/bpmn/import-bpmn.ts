import {
  checkProcessModel,
  type DurationEstimate,
  type Flow,
  type Lane,
  type LocalizedText,
  type MeasuredDuration,
  type ModelWarning,
  PROCESS_MODEL_SCHEMA_VERSION,
  type ProcessModel,
  STEP_KINDS,
  type Step,
  type StepKind,
  type UnknownElement,
} from '@pipewise/engine/process-model';
import { clipValue, type InputError, InputFailure } from '../input-error/index.ts';
import {
  BPMN_DI_NAMESPACE,
  BPMN_MODEL_NAMESPACE,
  EVENT_ELEMENTS,
  GATEWAY_KINDS,
  isChineseText,
  isFlowNodeElement,
  PIPEWISE_BPMN_NAMESPACE,
  SUBPROCESS_ELEMENTS,
  stepKindOf,
  TASK_ELEMENTS,
  XML_NAMESPACE,
  XSI_NAMESPACE,
} from './bpmn-vocabulary.ts';
import {
  attributeOf,
  namespacedAttributeOf,
  readXmlTree,
  type XmlElement,
} from './read-xml-tree.ts';

export interface BpmnImportOptions {
  /** The file's name, for locations in errors and unknown elements. */
  file: string;
}

export type BpmnImportResult =
  | { ok: true; model: ProcessModel; warnings: ModelWarning[] }
  | { ok: false; error: InputError };

/**
 * Reads BPMN 2.0 XML drawn in another tool (or exported by Pipewise) into a
 * process model. Tasks, sub-processes (one step each, drawn collapsed),
 * gateways and events become steps; lanes and pools become lanes; sequence
 * and message flows become flows; data objects become the steps' input and
 * output artifacts and data stores their systems. Everything else is kept in
 * `unknownElements` and reported as a warning. See docs/bpmn.md for each
 * element's mapping.
 *
 * Expected failures are values: a DOCTYPE with entities, XML that is not
 * well-formed, a file that is not BPMN, and references to elements the file
 * does not have come back as located `InputError`s.
 */
export function importBpmn(text: string, options: BpmnImportOptions): BpmnImportResult {
  try {
    // A byte-order mark left by the caller's decoding is not part of the XML.
    const root = readXmlTree(text.replace(/^\uFEFF/, ''), options.file, 'a BPMN 2.0 XML file');
    const model = new BpmnReader(root, options.file).read();
    return { ok: true, model, warnings: checkProcessModel(model) };
  } catch (error) {
    if (error instanceof InputFailure) return { ok: false, error: error.detail };
    throw error;
  }
}

const PW = PIPEWISE_BPMN_NAMESPACE;

/** Namespaces whose attributes are part of plain XML or BPMN, never vendor extensions. */
const OWN_ATTRIBUTE_NAMESPACES = new Set([
  '',
  BPMN_MODEL_NAMESPACE,
  XML_NAMESPACE,
  XSI_NAMESPACE,
  PW,
]);

/** Children of a step that the model takes in (as kind, notes, artifacts) or that only repeat what flows say. */
const STEP_DETAIL_ELEMENTS = new Set([
  'incoming',
  'outgoing',
  'documentation',
  'extensionElements',
  'ioSpecification',
  'dataInputAssociation',
  'dataOutputAssociation',
  'standardLoopCharacteristics',
  'multiInstanceLoopCharacteristics',
  // Events hold their data inputs and outputs directly, without an ioSpecification.
  'dataInput',
  'dataOutput',
  'inputSet',
  'outputSet',
]);

/** Where a step's artifacts and systems come from: the ends of data associations. */
const DATA_ITEM_ELEMENTS = new Set([
  'dataObjectReference',
  'dataObject',
  'dataStoreReference',
  'dataInput',
  'dataOutput',
]);

/** Root definitions that events and message flows point to; understood when something understood points to them. */
const REFERENCED_DEFINITIONS: Record<string, string> = {
  messageEventDefinition: 'messageRef',
  signalEventDefinition: 'signalRef',
  errorEventDefinition: 'errorRef',
  escalationEventDefinition: 'escalationRef',
};

interface PendingFlow {
  element: XmlElement;
  kind: 'sequence' | 'message';
}

interface PendingDataAssociation {
  stepId: string;
  element: XmlElement;
  direction: 'input' | 'output';
}

interface PendingAttachment {
  boundary: XmlElement;
  stepId: string;
  condition: string;
}

/** One vendor extension element or attribute name, counted over the file. */
interface ExtensionTally {
  element: string;
  what: 'element' | 'attribute';
  count: number;
  line: number;
}

/** Reads one parsed document; every method may throw `InputFailure`. */
class BpmnReader {
  private readonly root: XmlElement;
  private readonly file: string;
  private readonly byId = new Map<string, XmlElement>();
  /** Elements the model took in (or already reported); any other BPMN element is reported as unknown. */
  private readonly understood = new Set<XmlElement>();
  /** A Pipewise export: ids, names and kinds come back from the pipewise namespace, and no notes are added. */
  private readonly isPipewiseFile: boolean;

  private readonly steps: Step[] = [];
  /** XML id of a top-level flow node, or of anything inside a collapsed sub-process, to its step's id. */
  private readonly stepIdOfElement = new Map<string, string>();
  private readonly lanes: Lane[] = [];
  private readonly flows: Flow[] = [];
  private readonly flowIds = new Set<string>();
  private readonly pendingFlows: PendingFlow[] = [];
  private readonly pendingData: PendingDataAssociation[] = [];
  private readonly pendingAttachments: PendingAttachment[] = [];
  private readonly pendingAssociations: XmlElement[] = [];
  private readonly unknown: { line: number; element: UnknownElement }[] = [];
  private readonly extensions = new Map<string, ExtensionTally>();
  private readonly notes: string[] = [];

  constructor(root: XmlElement, file: string) {
    this.root = root;
    this.file = file;
    this.isPipewiseFile = namespacedAttributeOf(root, PW, 'modelId') !== undefined;
  }

  read(): ProcessModel {
    const root = this.root;
    if (root.uri !== BPMN_MODEL_NAMESPACE || root.local !== 'definitions') {
      this.fail(root, 'not-bpmn', {
        value: root.uri ? `${root.local} in ${root.uri}` : root.local,
        expected: `a definitions element in the BPMN 2.0 model namespace (${BPMN_MODEL_NAMESPACE})`,
      });
    }
    this.indexIds(root);
    this.understood.add(root);

    const processes = this.childrenOf(root, 'process');
    if (processes.length === 0) {
      this.fail(root, 'not-bpmn', { expected: 'at least one process in the definitions' });
    }
    const collaborations = this.childrenOf(root, 'collaboration');
    const poolOfProcess = this.readParticipants(collaborations);
    const poolsWithProcess = new Set(poolOfProcess.values()).size;

    // Pools top to bottom as the collaboration lists them, then processes drawn without a pool.
    const ordered = [
      ...[...poolOfProcess.keys()].map((id) => this.byId.get(id)!),
      ...processes.filter((process) => !poolOfProcess.has(attributeOf(process, 'id') ?? '')),
    ];
    for (const process of ordered) {
      const participant = poolOfProcess.get(attributeOf(process, 'id') ?? '');
      this.readProcess(process, participant, poolsWithProcess > 1);
    }
    for (const collaboration of collaborations) this.readMessageFlows(collaboration);
    this.resolveFlows();
    this.resolveAttachments();
    this.resolveDataAssociations();
    this.readDefinitionsChildren();
    this.reportUnknown(root);
    this.tallyExtensions(root);

    const model: ProcessModel = {
      schemaVersion: PROCESS_MODEL_SCHEMA_VERSION,
      id: this.modelId(processes),
      name: this.modelName(collaborations, processes),
      version: this.modelVersion(),
      lanes: this.lanes,
      // A Pipewise file lists steps in the model's order already.
      steps: this.isPipewiseFile ? this.steps : orderSteps(this.steps, this.flows),
      flows: this.flows,
      unknownElements: this.unknownElements(),
    };
    if (this.notes.length > 0) model.notes = this.notes.join('\n');
    return model;
  }

  // --- structure -----------------------------------------------------------

  /** BPMN elements by id; vendor extensions may reuse ids for their own records (ADONIS does). */
  private indexIds(element: XmlElement): void {
    if (element.uri !== BPMN_MODEL_NAMESPACE) return;
    const id = attributeOf(element, 'id');
    if (id !== undefined) {
      const first = this.byId.get(id);
      if (first) {
        this.fail(element, 'duplicate-id', {
          value: id,
          expected: `ids used once (also on line ${first.line})`,
        });
      }
      this.byId.set(id, element);
    }
    for (const child of element.children) this.indexIds(child);
  }

  /** Maps each process id to the participant (pool) that shows it; black-box pools are kept as unknown. */
  private readParticipants(collaborations: XmlElement[]): Map<string, XmlElement> {
    const poolOfProcess = new Map<string, XmlElement>();
    for (const collaboration of collaborations) {
      this.understood.add(collaboration);
      for (const participant of this.childrenOf(collaboration, 'participant')) {
        const processRef = attributeOf(participant, 'processRef');
        if (processRef === undefined) {
          // A black-box pool (or a tool's duplicate of one): no steps to hold.
          this.keepUnknown(participant, 'participant without a process');
          continue;
        }
        const process = this.byId.get(processRef);
        if (process?.local !== 'process') {
          this.fail(participant, 'missing-element', {
            value: processRef,
            expected: `participant "${attributeOf(participant, 'id') ?? ''}" to show a process of the file`,
          });
        }
        if (poolOfProcess.has(processRef)) {
          this.keepUnknown(participant, 'second participant for the same process');
          continue;
        }
        this.understood.add(participant);
        poolOfProcess.set(processRef, participant);
      }
    }
    return poolOfProcess;
  }

  private readProcess(
    process: XmlElement,
    participant: XmlElement | undefined,
    hasSeveralPools: boolean,
  ): void {
    this.understood.add(process);
    const poolName = participant
      ? (nameAttribute(participant) ?? nameAttribute(process))
      : undefined;
    const laneOfNode = new Map<string, string>();
    const prefix = hasSeveralPools && poolName !== undefined ? [poolName] : [];
    const lanesBefore = this.lanes.length;
    for (const laneSet of this.childrenOf(process, 'laneSet')) {
      this.readLaneSet(laneSet, prefix, poolName, laneOfNode);
    }
    const stepsBefore = this.steps.length;
    for (const child of process.children) {
      if (child.uri !== BPMN_MODEL_NAMESPACE) continue;
      if (isFlowNodeElement(child.local)) this.readStep(child);
      else if (child.local === 'sequenceFlow') {
        this.understood.add(child);
        this.pendingFlows.push({ element: child, kind: 'sequence' });
      } else if (child.local === 'documentation') {
        this.understood.add(child);
        const text = this.documentationText(child);
        if (text) this.notes.push(text);
      } else if (child.local === 'extensionElements') {
        this.understood.add(child);
        this.readPipewiseUnknowns(child);
      } else if (child.local === 'association') {
        // Understood only when it links a step with data (see resolveDataAssociations).
        this.pendingAssociations.push(child);
      } else if (child.local === 'ioSpecification') {
        // Process inputs and outputs are artifacts when a step reads or writes them (resolved
        // later); the input and output sets only group them.
        this.understood.add(child);
        for (const set of child.children) {
          if (set.local === 'inputSet' || set.local === 'outputSet') this.markSubtree(set);
        }
      }
    }
    const processSteps = this.steps.slice(stepsBefore);
    for (const step of processSteps) {
      const laneId = laneOfNode.get(step.source ?? '');
      if (laneId !== undefined) step.laneId = laneId;
    }
    // A pool without lanes is one lane; a Pipewise file's pool is the model itself.
    if (participant && this.lanes.length === lanesBefore && !this.isPipewiseFile) {
      const lane: Lane = {
        id: this.modelIdOf(participant),
        name: this.readName(participant, poolName ?? attributeOf(participant, 'id') ?? 'pool'),
      };
      this.lanes.push(lane);
      for (const step of processSteps) step.laneId ??= lane.id;
    }
  }

  /**
   * Nested lanes are flattened to their leaves, named by their path
   * ("Sales / Key accounts"), with the pool's name first when the file has
   * several pools. A node listed by a parent lane but by none of its
   * children gets a lane of its own for the parent.
   */
  private readLaneSet(
    laneSet: XmlElement,
    path: string[],
    poolName: string | undefined,
    laneOfNode: Map<string, string>,
  ): void {
    this.understood.add(laneSet);
    const lanes = this.childrenOf(laneSet, 'lane');
    for (const lane of lanes) {
      this.understood.add(lane);
      const name = nameAttribute(lane);
      const lanePath = name !== undefined ? [...path, name] : path;
      const childSets = this.childrenOf(lane, 'childLaneSet');
      const refs: string[] = [];
      for (const ref of this.childrenOf(lane, 'flowNodeRef')) {
        this.understood.add(ref);
        const id = ref.text.trim();
        if (!this.byId.has(id)) {
          this.fail(ref, 'missing-element', {
            value: id,
            expected: `lane "${attributeOf(lane, 'id') ?? name ?? ''}" to list flow nodes of the file`,
          });
        }
        refs.push(id);
      }
      for (const childSet of childSets) this.readLaneSet(childSet, lanePath, poolName, laneOfNode);
      const unclaimed = refs.filter((id) => !laneOfNode.has(id));
      const isLeaf = childSets.every((set) => this.childrenOf(set, 'lane').length === 0);
      if (!isLeaf && unclaimed.length === 0) continue;
      const fallback =
        lanePath.length > 0
          ? lanePath.join(' / ')
          : // An unnamed lane takes its pool's name when it is the pool's only lane.
            lanes.length === 1 && poolName !== undefined && path.length === 0
            ? poolName
            : (attributeOf(lane, 'id') ?? 'lane');
      // A Pipewise file has one pool and flat lanes: their names come back as written.
      const model: Lane = {
        id: this.modelIdOf(lane),
        name: this.isPipewiseFile ? this.readName(lane, fallback) : this.textName(fallback),
      };
      const department = namespacedAttributeOf(lane, PW, 'department');
      if (department !== undefined) model.department = department;
      this.lanes.push(model);
      for (const id of unclaimed) laneOfNode.set(id, model.id);
    }
  }

  private readStep(element: XmlElement): void {
    this.understood.add(element);
    const xmlId = this.requireId(element);
    const local = element.local;
    const name = nameAttribute(element);
    const eventDefinitions = element.children.filter(
      (child) => child.uri === BPMN_MODEL_NAMESPACE && child.local.endsWith('EventDefinition'),
    );
    const derivedKind = stepKindOf(
      local,
      name,
      eventDefinitions.map((definition) => definition.local),
    );
    const savedKind = namespacedAttributeOf(element, PW, 'kind');
    const kind =
      savedKind !== undefined && (STEP_KINDS as readonly string[]).includes(savedKind)
        ? (savedKind as StepKind)
        : derivedKind;
    const id = this.modelIdOf(element);
    if (this.steps.some((step) => step.id === id)) {
      this.fail(element, 'duplicate-id', { value: id, expected: 'one step per id' });
    }
    const step: Step = {
      id,
      name: this.readName(element, xmlId),
      kind,
      inputs: [],
      outputs: [],
      systems: [],
      source: xmlId,
    };
    const cases = readCount(namespacedAttributeOf(element, PW, 'cases'));
    if (cases !== undefined) step.cases = cases;
    const gateway = GATEWAY_KINDS.get(local);
    if (gateway && kind === 'decision') step.gateway = gateway;
    this.stepIdOfElement.set(xmlId, id);

    const notes: string[] = [];
    for (const child of element.children) {
      if (child.uri !== BPMN_MODEL_NAMESPACE) continue;
      if (child.local === 'documentation') {
        const text = this.documentationText(child);
        if (text) notes.push(text);
      } else if (
        child.local === 'dataInputAssociation' ||
        child.local === 'dataOutputAssociation'
      ) {
        this.pendingData.push({
          stepId: id,
          element: child,
          direction: child.local === 'dataInputAssociation' ? 'input' : 'output',
        });
      } else if (child.local === 'extensionElements') {
        this.readPipewiseStepDetails(child, step);
      }
      if (STEP_DETAIL_ELEMENTS.has(child.local) || child.local.endsWith('EventDefinition')) {
        this.markSubtree(child);
      }
    }
    for (const definition of eventDefinitions) this.markReferencedDefinition(definition);

    const triggers = eventDefinitions.map((definition) => this.describeTrigger(definition));
    if (local === 'boundaryEvent') {
      const hostId = attributeOf(element, 'attachedToRef');
      if (hostId === undefined) {
        this.fail(element, 'missing-attribute', {
          value: 'attachedToRef',
          expected: `boundary event "${xmlId}" to name the activity it is attached to`,
        });
      }
      const isInterrupting = attributeOf(element, 'cancelActivity') !== 'false';
      this.pendingAttachments.push({
        boundary: element,
        stepId: id,
        condition: `on ${triggers.length > 0 ? triggers.join(', ') : 'event'}${isInterrupting ? '' : ' (non-interrupting)'}`,
      });
      if (!this.isPipewiseFile) {
        const host = this.byId.get(hostId);
        const hostName = host ? (nameAttribute(host) ?? hostId) : hostId;
        notes.push(
          `BPMN boundaryEvent${triggers.length > 0 ? `, ${triggers.join(', ')}` : ''}, ${isInterrupting ? 'interrupting' : 'non-interrupting'}, attached to "${hostName}"`,
        );
      }
    } else if (!this.isPipewiseFile) {
      const remark = this.describeElement(element, triggers);
      if (remark) notes.push(remark);
    }
    if (SUBPROCESS_ELEMENTS.has(local)) this.readCollapsedContent(element, id, notes);
    if (notes.length > 0) step.notes = notes.join('\n');
    this.steps.push(step);
  }

  /**
   * A sub-process is one step drawn collapsed: what it holds is counted in
   * its notes (and taken as understood), not flattened into the parent.
   * Flows that point inside it (message flows, boundary events) are tied to
   * the sub-process step.
   */
  private readCollapsedContent(element: XmlElement, stepId: string, notes: string[]): void {
    const counts = { tasks: 0, subProcesses: 0, events: 0, gateways: 0, sequenceFlows: 0, data: 0 };
    const visit = (container: XmlElement): void => {
      for (const child of container.children) {
        if (child.uri !== BPMN_MODEL_NAMESPACE) continue;
        if (['textAnnotation', 'association', 'group'].includes(child.local)) continue;
        if (STEP_DETAIL_ELEMENTS.has(child.local) || child.local.endsWith('EventDefinition')) {
          this.markSubtree(child);
          if (child.local === 'dataInputAssociation' || child.local === 'dataOutputAssociation')
            this.markDataAssociationEnds(child);
          continue;
        }
        this.understood.add(child);
        const id = attributeOf(child, 'id');
        if (id !== undefined) this.stepIdOfElement.set(id, stepId);
        if (TASK_ELEMENTS.has(child.local)) counts.tasks++;
        else if (SUBPROCESS_ELEMENTS.has(child.local)) counts.subProcesses++;
        else if (EVENT_ELEMENTS.has(child.local)) counts.events++;
        else if (GATEWAY_KINDS.has(child.local)) counts.gateways++;
        else if (child.local === 'sequenceFlow') {
          counts.sequenceFlows++;
          // Flows inside must point at elements of the file too.
          this.flowEnds(child);
        } else if (child.local === 'dataObjectReference' || child.local === 'dataStoreReference')
          counts.data++;
        for (const definition of child.children) {
          if (definition.uri === BPMN_MODEL_NAMESPACE) this.markReferencedDefinition(definition);
        }
        visit(child);
      }
    };
    visit(element);
    if (this.isPipewiseFile) return;
    const flowElements = counts.tasks + counts.subProcesses + counts.events + counts.gateways;
    const parts = [
      plural(counts.tasks, 'task'),
      plural(counts.subProcesses, 'sub-process', 'sub-processes'),
      plural(counts.events, 'event'),
      plural(counts.gateways, 'gateway'),
    ].filter((part) => part !== '');
    const extras = [
      plural(counts.sequenceFlows, 'sequence flow'),
      plural(counts.data, 'data reference'),
    ].filter((part) => part !== '');
    notes.push(
      `Shown collapsed; holds ${flowElements} flow element${flowElements === 1 ? '' : 's'}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}${extras.length > 0 ? ` and ${extras.join(' and ')}` : ''}`,
    );
  }

  // --- flows ---------------------------------------------------------------

  private readMessageFlows(collaboration: XmlElement): void {
    for (const child of this.childrenOf(collaboration, 'messageFlow')) {
      this.pendingFlows.push({ element: child, kind: 'message' });
    }
  }

  private resolveFlows(): void {
    for (const { element, kind } of this.pendingFlows) {
      const [source, target] = this.flowEnds(element);
      const from = this.stepIdOfElement.get(source);
      const to = this.stepIdOfElement.get(target);
      if (kind === 'sequence' && (from === undefined || to === undefined)) {
        // The element exists but is no flow node (a data object, a pool): not valid BPMN.
        this.fail(element, 'not-bpmn', {
          value: from === undefined ? source : target,
          expected: `sequence flow "${attributeOf(element, 'id') ?? ''}" to connect flow nodes, not a ${this.byId.get(from === undefined ? source : target)!.local}`,
        });
      }
      if (from === undefined || to === undefined) {
        // A message to or from a pool drawn as a black box: the model has no step to tie it to.
        this.keepUnknown(element, 'messageFlow to or from a pool without steps');
        continue;
      }
      this.understood.add(element);
      // The message it carries is part of it (its name labels the flow when the flow has none).
      this.referencedElement(element, 'messageRef');
      const flow: Flow = { id: this.uniqueFlowId(this.modelIdOf(element)), from, to, kind };
      const condition = this.flowCondition(element, kind);
      if (condition !== undefined) flow.condition = condition;
      const count = readCount(namespacedAttributeOf(element, PW, 'count'));
      if (count !== undefined) flow.count = count;
      flow.source = attributeOf(element, 'id') ?? flow.id;
      this.flows.push(flow);
    }
  }

  /** The condition text, or the flow's name when it has none (a message flow: its message's name). */
  private flowCondition(element: XmlElement, kind: 'sequence' | 'message'): string | undefined {
    // Pipewise writes the condition as the name too, verbatim (an expression's text is trimmed).
    if (this.isPipewiseFile && nameAttribute(element) !== undefined) {
      for (const child of this.childrenOf(element, 'conditionExpression'))
        this.understood.add(child);
      return nameAttribute(element);
    }
    for (const child of element.children) {
      if (child.uri === BPMN_MODEL_NAMESPACE && child.local === 'conditionExpression') {
        this.understood.add(child);
        const text = child.text.trim();
        if (text) return text;
      }
    }
    const name = nameAttribute(element);
    if (name !== undefined) return name;
    if (kind === 'message') {
      const message = this.referencedElement(element, 'messageRef');
      if (message) return nameAttribute(message);
    }
    return undefined;
  }

  /** A flow's source and target ids, which must be elements of the file. */
  private flowEnds(element: XmlElement): [string, string] {
    const id = attributeOf(element, 'id') ?? '';
    const ends: string[] = [];
    for (const end of ['sourceRef', 'targetRef']) {
      const ref = attributeOf(element, end);
      if (ref === undefined) {
        this.fail(element, 'missing-attribute', {
          value: end,
          expected: `${element.local} "${id}" to have a ${end}`,
        });
      }
      if (!this.byId.has(ref)) {
        this.fail(element, 'missing-element', {
          value: ref,
          expected: `${end} of ${element.local} "${id}" to be an element of the file`,
        });
      }
      ends.push(ref);
    }
    return [ends[0]!, ends[1]!];
  }

  /**
   * A boundary event is a step of its own, tied to the activity it sits on
   * by a flow from that activity, labelled with what triggers it ("on
   * timer"); an event on an activity inside a collapsed sub-process is part
   * of that sub-process.
   */
  private resolveAttachments(): void {
    for (const { boundary, stepId, condition } of this.pendingAttachments) {
      const hostId = attributeOf(boundary, 'attachedToRef')!;
      if (!this.byId.has(hostId)) {
        this.fail(boundary, 'missing-element', {
          value: hostId,
          expected: `attachedToRef of boundary event "${attributeOf(boundary, 'id') ?? ''}" to be an activity of the file`,
        });
      }
      const from = this.stepIdOfElement.get(hostId);
      if (from === undefined) continue;
      const boundaryStep = this.steps.find((step) => step.id === stepId)!;
      // Drawn on its activity's border, so in its lane unless a lane lists it.
      const hostLaneId = this.steps.find((step) => step.id === from)?.laneId;
      if (boundaryStep.laneId === undefined && hostLaneId !== undefined)
        boundaryStep.laneId = hostLaneId;
      const flow: Flow = {
        id: this.uniqueFlowId(`${stepId}-attached`, true),
        from,
        to: stepId,
        condition,
        kind: 'sequence',
      };
      flow.source = attributeOf(boundary, 'id') ?? stepId;
      this.flows.push(flow);
    }
  }

  /**
   * A flow's id: its element's id, or for a flow the importer makes (a
   * boundary event's tie) one that no lane, step, flow or element of the
   * file has (the engine wants ids unique over all three lists).
   */
  private uniqueFlowId(wanted: string, isMade = false): string {
    const isTaken = (id: string): boolean =>
      this.flowIds.has(id) ||
      (isMade && this.byId.has(id)) ||
      this.steps.some((step) => step.id === id) ||
      this.lanes.some((lane) => lane.id === id);
    let id = wanted;
    for (let n = 2; isTaken(id); n++) id = `${wanted}-${n}`;
    this.flowIds.add(id);
    return id;
  }

  // --- artifacts and systems -----------------------------------------------

  /**
   * Data objects a step reads are its inputs and those it writes its outputs
   * (by name, with the state in brackets as BPMN draws it: "Invoice
   * [approved]"); data stores it reads or writes are its systems. Older
   * tools (Signavio) link data with plain associations: one between a step
   * and a data object or store counts the same way, its direction read from
   * which end is the source.
   */
  private resolveDataAssociations(): void {
    const stepsById = new Map(this.steps.map((step) => [step.id, step]));
    for (const { stepId, element, direction } of this.pendingData) {
      const step = stepsById.get(stepId)!;
      const outer = direction === 'input' ? 'sourceRef' : 'targetRef';
      for (const ref of [
        ...this.childrenOf(element, 'sourceRef'),
        ...this.childrenOf(element, 'targetRef'),
      ]) {
        const id = ref.text.trim();
        const item = this.byId.get(id);
        if (!item) {
          this.fail(ref, 'missing-element', {
            value: id,
            expected: `${element.local} "${attributeOf(element, 'id') ?? ''}" to point at a data object or store of the file`,
          });
        }
        // The step's own end (a data input, or bpmn.io's placeholder property) is plumbing.
        if (ref.local !== outer) this.understood.add(item);
        else this.addData(step, item, direction);
      }
    }
    for (const association of this.pendingAssociations) {
      const [source, target] = this.flowEnds(association);
      const sourceStep = this.topLevelStep(source, stepsById);
      const targetStep = this.topLevelStep(target, stepsById);
      const sourceItem = this.byId.get(source)!;
      const targetItem = this.byId.get(target)!;
      if (sourceStep && DATA_ITEM_ELEMENTS.has(targetItem.local)) {
        this.addData(sourceStep, targetItem, 'output');
      } else if (targetStep && DATA_ITEM_ELEMENTS.has(sourceItem.local)) {
        this.addData(targetStep, sourceItem, 'input');
      } else continue;
      this.understood.add(association);
    }
  }

  private topLevelStep(xmlId: string, stepsById: Map<string, Step>): Step | undefined {
    const step = stepsById.get(this.stepIdOfElement.get(xmlId) ?? '');
    return step?.source === xmlId ? step : undefined;
  }

  private addData(step: Step, item: XmlElement, direction: 'input' | 'output'): void {
    if (!DATA_ITEM_ELEMENTS.has(item.local) && item.local !== 'property') return;
    this.markSubtree(item);
    const id = attributeOf(item, 'id') ?? '';
    if (item.local === 'dataStoreReference') {
      const store = this.referencedElement(item, 'dataStoreRef');
      const name = nameAttribute(item) ?? (store && nameAttribute(store)) ?? id;
      addOnce(step.systems, name);
      return;
    }
    const dataObject =
      item.local === 'dataObjectReference'
        ? this.referencedElement(item, 'dataObjectRef')
        : undefined;
    const name = nameAttribute(item) ?? (dataObject && nameAttribute(dataObject)) ?? id;
    const state = this.childrenOf(item, 'dataState')[0];
    const stateName = state ? nameAttribute(state) : undefined;
    const artifact = stateName !== undefined ? `${name} [${stateName}]` : name;
    addOnce(direction === 'input' ? step.inputs : step.outputs, artifact);
  }

  /**
   * Data that steps inside a collapsed sub-process read or write is part of
   * what the sub-process holds: taken as understood, not listed on its step.
   */
  private markDataAssociationEnds(association: XmlElement): void {
    for (const ref of [
      ...this.childrenOf(association, 'sourceRef'),
      ...this.childrenOf(association, 'targetRef'),
    ]) {
      const item = this.byId.get(ref.text.trim());
      if (!item || !DATA_ITEM_ELEMENTS.has(item.local)) continue;
      this.understood.add(item);
      this.referencedElement(item, 'dataObjectRef');
      this.referencedElement(item, 'dataStoreRef');
    }
  }

  private referencedElement(element: XmlElement, attribute: string): XmlElement | undefined {
    const ref = attributeOf(element, attribute);
    const target = ref === undefined ? undefined : this.byId.get(ref);
    if (target) this.markSubtree(target);
    return target;
  }

  // --- names, ids and notes ------------------------------------------------

  /**
   * A BPMN name goes in `zh` when it has Han characters and in `en`
   * otherwise. A Pipewise export keeps the other language in
   * `pipewise:nameZh`/`pipewise:nameEn`, and says which language the BPMN
   * name is in (`pipewise:nameIn`) when the characters would mislead.
   */
  private readName(element: XmlElement, fallback: string): LocalizedText {
    const name = nameAttribute(element);
    const zh = namespacedAttributeOf(element, PW, 'nameZh');
    const en = namespacedAttributeOf(element, PW, 'nameEn');
    if (name === undefined) {
      if (zh !== undefined || en !== undefined) return withoutEmpty({ zh, en });
      return this.textName(fallback);
    }
    const nameIn = namespacedAttributeOf(element, PW, 'nameIn');
    const language =
      nameIn === 'zh' || nameIn === 'en' ? nameIn : isChineseText(name) ? 'zh' : 'en';
    return language === 'zh' ? withoutEmpty({ zh: name, en }) : withoutEmpty({ zh, en: name });
  }

  private textName(text: string): LocalizedText {
    return isChineseText(text) ? { zh: text } : { en: text };
  }

  /** The model's id for an element: the XML id, or the id it had before it was made a valid XML name. */
  private modelIdOf(element: XmlElement): string {
    return namespacedAttributeOf(element, PW, 'id') ?? this.requireId(element);
  }

  private requireId(element: XmlElement): string {
    const id = attributeOf(element, 'id');
    if (id === undefined || id === '') {
      this.fail(element, 'missing-attribute', {
        value: 'id',
        expected: `${element.local} to have an id`,
      });
    }
    return id;
  }

  /** Notes as Pipewise wrote them, or a tool's documentation without the indentation around it. */
  private documentationText(documentation: XmlElement): string {
    return this.isPipewiseFile ? documentation.text : documentation.text.trim();
  }

  /** What BPMN says beyond the step's kind: the task or event type, its trigger, loop markers. */
  private describeElement(element: XmlElement, triggers: string[]): string | undefined {
    const local = element.local;
    const details: string[] = [...triggers];
    for (const child of element.children) {
      if (child.uri !== BPMN_MODEL_NAMESPACE) continue;
      if (child.local === 'standardLoopCharacteristics') details.push('loop');
      if (child.local === 'multiInstanceLoopCharacteristics')
        details.push(
          attributeOf(child, 'isSequential') === 'true'
            ? 'multi-instance (sequential)'
            : 'multi-instance (parallel)',
        );
    }
    if (attributeOf(element, 'triggeredByEvent') === 'true') details.push('event sub-process');
    const isPlain =
      local === 'task' ||
      GATEWAY_KINDS.has(local) ||
      ((local === 'startEvent' || local === 'endEvent') && triggers.length === 0) ||
      (local === 'intermediateCatchEvent' && triggers.length === 1 && triggers[0] === 'timer');
    if (isPlain && details.length === 0) return undefined;
    return `BPMN ${local}${details.length > 0 ? `, ${details.join(', ')}` : ''}`;
  }

  /** "timer PT2H", "message \"Invoice\"", "error", "terminate". */
  private describeTrigger(definition: XmlElement): string {
    const trigger = definition.local.replace(/EventDefinition$/, '');
    if (trigger === 'timer') {
      const when = definition.children.find((child) => child.uri === BPMN_MODEL_NAMESPACE);
      const text = when?.text.trim();
      return text ? `timer ${text}` : 'timer';
    }
    const refAttribute = REFERENCED_DEFINITIONS[definition.local];
    const ref = refAttribute === undefined ? undefined : attributeOf(definition, refAttribute);
    const target = ref === undefined ? undefined : this.byId.get(ref);
    const name = target ? nameAttribute(target) : undefined;
    return name !== undefined ? `${trigger} "${name}"` : trigger;
  }

  private markReferencedDefinition(definition: XmlElement): void {
    const refAttribute = REFERENCED_DEFINITIONS[definition.local];
    if (refAttribute === undefined) return;
    this.referencedElement(definition, refAttribute);
  }

  // --- the pipewise namespace ----------------------------------------------

  /**
   * A step's fields kept in the pipewise namespace: estimated and measured
   * durations, where a merged or split step came from, and the artifacts
   * and systems of steps BPMN cannot link data to (gateways, events).
   */
  private readPipewiseStepDetails(extensionElements: XmlElement, step: Step): void {
    for (const child of extensionElements.children) {
      if (child.uri !== PW) continue;
      const name = attributeOf(child, 'name');
      if (child.local === 'input' && name !== undefined) addOnce(step.inputs, name);
      else if (child.local === 'output' && name !== undefined) addOnce(step.outputs, name);
      else if (child.local === 'system' && name !== undefined) addOnce(step.systems, name);
      else if (child.local === 'estimate') {
        const estimate = readEstimate(child);
        if (estimate) step.estimated = estimate;
      } else if (child.local === 'measured') {
        const measured = readMeasured(child);
        if (measured) step.measured = measured;
      } else if (child.local === 'origin') {
        const kind = attributeOf(child, 'kind');
        if (kind === 'merge' || kind === 'split') {
          const stepIds = child.children
            .filter((item) => item.uri === PW && item.local === 'step')
            .map((item) => attributeOf(item, 'ref') ?? '');
          step.origin = { kind, stepIds };
        }
      }
    }
  }

  /** Unknown elements a Pipewise export carried over from the file its model was imported from. */
  private readPipewiseUnknowns(extensionElements: XmlElement): void {
    for (const child of extensionElements.children) {
      if (child.uri !== PW || child.local !== 'unknownElement') continue;
      const element: UnknownElement = { element: attributeOf(child, 'element') ?? 'element' };
      const id = attributeOf(child, 'elementId');
      const name = attributeOf(child, 'name');
      const location = attributeOf(child, 'location');
      if (id !== undefined) element.id = id;
      if (name !== undefined) element.name = name;
      if (location !== undefined) element.location = location;
      this.unknown.push({ line: child.line, element });
    }
  }

  // --- what is left ----------------------------------------------------------

  /**
   * Root definitions: a message, signal, error or escalation is understood
   * when an event or message flow of the model points to it (its name is in
   * that step's notes or flow's label); anything else is kept as unknown.
   */
  private readDefinitionsChildren(): void {
    for (const child of this.root.children) {
      if (child.uri !== BPMN_MODEL_NAMESPACE) continue;
      if (child.local === 'documentation') {
        this.understood.add(child);
        const text = child.text.trim();
        if (text) this.notes.unshift(text);
      } else if (child.local === 'extensionElements') this.understood.add(child);
    }
  }

  /** Reports every BPMN element nobody took in, at the outermost one (its content goes with it). */
  private reportUnknown(element: XmlElement): void {
    for (const child of element.children) {
      if (child.uri !== BPMN_MODEL_NAMESPACE) continue;
      // Any element's extension container: vendor content in it is tallied by tallyExtensions.
      if (child.local === 'extensionElements') this.understood.add(child);
      if (!this.understood.has(child)) {
        this.keepUnknown(child);
        continue;
      }
      this.reportUnknown(child);
    }
  }

  private keepUnknown(element: XmlElement, what = element.local): void {
    // Reported once: the pass over what is left must not report it again.
    this.understood.add(element);
    const unknown: UnknownElement = { element: what, location: `${this.file}:${element.line}` };
    const id = attributeOf(element, 'id');
    if (id !== undefined) unknown.id = id;
    const name =
      nameAttribute(element) ??
      (element.local === 'textAnnotation'
        ? this.childrenOf(element, 'text')[0]?.text.trim() || undefined
        : undefined);
    if (name !== undefined) unknown.name = clipValue(name);
    this.unknown.push({ line: element.line, element: unknown });
  }

  /**
   * Vendor extensions (Camunda, Signavio, Trisotech… elements inside
   * `extensionElements`, elements and attributes in other namespaces) are
   * counted by name over the whole file and reported once per name with
   * their first line: a Signavio file has hundreds of the same metadata
   * element, and one warning each would bury the others. Diagram
   * interchange (BPMNDI) is not read: the layout is made afresh.
   */
  private tallyExtensions(element: XmlElement): void {
    for (const attribute of element.attributes) {
      if (OWN_ATTRIBUTE_NAMESPACES.has(attribute.uri)) continue;
      this.tally(`${attribute.uri} ${attribute.local}`, attribute.name, 'attribute', element.line);
    }
    for (const child of element.children) {
      if (child.uri === BPMN_DI_NAMESPACE || child.uri === PW) continue;
      if (child.uri !== BPMN_MODEL_NAMESPACE) {
        this.tally(`${child.uri} ${child.local}`, child.name, 'element', child.line);
        continue;
      }
      this.tallyExtensions(child);
    }
  }

  private tally(key: string, element: string, what: 'element' | 'attribute', line: number): void {
    const tally = this.extensions.get(key);
    if (tally) tally.count++;
    else this.extensions.set(key, { element, what, count: 1, line });
  }

  private unknownElements(): UnknownElement[] {
    const all = [...this.unknown];
    for (const tally of this.extensions.values()) {
      all.push({
        line: tally.line,
        element: {
          element: tally.element,
          name: `vendor extension ${tally.what}, ${tally.count}×`,
          location: `${this.file}:${tally.line}`,
        },
      });
    }
    return all.sort((a, b) => a.line - b.line).map((entry) => entry.element);
  }

  // --- the model's own fields -------------------------------------------------

  private modelId(processes: XmlElement[]): string {
    const saved = namespacedAttributeOf(this.root, PW, 'modelId');
    if (saved !== undefined) return saved;
    const withSteps = processes.find((process) =>
      process.children.some(
        (child) => child.uri === BPMN_MODEL_NAMESPACE && isFlowNodeElement(child.local),
      ),
    );
    return (
      attributeOf(withSteps ?? processes[0]!, 'id') ??
      attributeOf(this.root, 'id') ??
      this.file.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '')
    );
  }

  private modelName(collaborations: XmlElement[], processes: XmlElement[]): LocalizedText {
    if (this.isPipewiseFile) {
      const process = processes[0]!;
      return this.readName(process, attributeOf(process, 'id') ?? 'process');
    }
    const participants = collaborations.flatMap((collaboration) =>
      this.childrenOf(collaboration, 'participant'),
    );
    const candidates = [
      ...collaborations,
      ...(participants.length === 1 ? participants : []),
      ...processes,
      this.root,
    ];
    for (const candidate of candidates) {
      const name = nameAttribute(candidate);
      if (name !== undefined) return this.textName(name);
    }
    return this.textName(this.file.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, ''));
  }

  private modelVersion(): ProcessModel['version'] {
    const number = Number(namespacedAttributeOf(this.root, PW, 'versionNumber'));
    const stage = namespacedAttributeOf(this.root, PW, 'stage');
    const label = namespacedAttributeOf(this.root, PW, 'versionLabel');
    const version: ProcessModel['version'] = {
      number: Number.isInteger(number) && number > 0 ? number : 1,
      stage: stage === 'to-be' ? 'to-be' : 'as-is',
    };
    if (label !== undefined) version.label = label;
    const derivedFromId = namespacedAttributeOf(this.root, PW, 'derivedFromModelId');
    const derivedFromNumber = Number(namespacedAttributeOf(this.root, PW, 'derivedFromNumber'));
    if (derivedFromId !== undefined && Number.isInteger(derivedFromNumber) && derivedFromNumber > 0)
      version.derivedFrom = { modelId: derivedFromId, number: derivedFromNumber };
    return version;
  }

  // --- helpers ---------------------------------------------------------------

  private childrenOf(element: XmlElement, local: string): XmlElement[] {
    return element.children.filter(
      (child) => child.uri === BPMN_MODEL_NAMESPACE && child.local === local,
    );
  }

  private markSubtree(element: XmlElement): void {
    this.understood.add(element);
    for (const child of element.children) {
      if (child.uri === BPMN_MODEL_NAMESPACE) this.markSubtree(child);
    }
  }

  private fail(
    element: XmlElement,
    reason: InputError['reason'],
    detail: { value?: string; expected: string },
  ): never {
    const error: InputError = {
      reason,
      file: this.file,
      line: element.line,
      lineColumn: element.column,
      expected: detail.expected,
    };
    if (detail.value !== undefined) error.value = clipValue(detail.value);
    throw new InputFailure(error);
  }
}

/** A name attribute, unless it is empty or only spaces. */
function nameAttribute(element: XmlElement): string | undefined {
  const name = attributeOf(element, 'name');
  return name === undefined || name.trim() === '' ? undefined : name;
}

function withoutEmpty(text: { zh: string | undefined; en: string | undefined }): LocalizedText {
  const result: LocalizedText = {};
  if (text.zh !== undefined && text.zh !== '') result.zh = text.zh;
  if (text.en !== undefined && text.en !== '') result.en = text.en;
  return result;
}

/** A count written by Pipewise (`pipewise:cases`, `pipewise:count`), if it is one. */
function readCount(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d+$/.test(text)) return undefined;
  return Number(text);
}

function addOnce(list: string[], value: string): void {
  if (!list.includes(value)) list.push(value);
}

function plural(count: number, singular: string, many = `${singular}s`): string {
  if (count === 0) return '';
  return `${count} ${count === 1 ? singular : many}`;
}

function readEstimate(element: XmlElement): DurationEstimate | undefined {
  const value = Number(attributeOf(element, 'value'));
  const unit = attributeOf(element, 'unit');
  const basis = attributeOf(element, 'basis');
  if (!Number.isFinite(value) || value < 0) return undefined;
  if (unit !== 'minute' && unit !== 'hour' && unit !== 'day' && unit !== 'week') return undefined;
  if (basis !== 'working' && basis !== 'calendar') return undefined;
  const estimate: DurationEstimate = { value, unit, basis };
  const text = attributeOf(element, 'text');
  if (text !== undefined) estimate.text = text;
  return estimate;
}

/** `pipewise:measured` holds the measured duration as JSON (it is nested and numeric, and only Pipewise reads it). */
function readMeasured(element: XmlElement): MeasuredDuration | undefined {
  try {
    const value = JSON.parse(element.text) as MeasuredDuration;
    return typeof value === 'object' && value !== null && typeof value.count === 'number'
      ? value
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Steps in time order: a walk along the flows from the start steps (in file
 * order), each step after the ones that lead to it where the flows allow;
 * steps no start reaches follow in file order. BPMN files list elements in
 * any order (a tool may write the end event first).
 */
function orderSteps(steps: Step[], flows: Flow[]): Step[] {
  const next = new Map<string, string[]>();
  for (const flow of flows) next.set(flow.from, [...(next.get(flow.from) ?? []), flow.to]);
  const byId = new Map(steps.map((step) => [step.id, step]));
  const seen = new Set<string>();
  const ordered: Step[] = [];
  const queue = steps.filter((step) => step.kind === 'start').map((step) => step.id);
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    if (seen.has(id)) continue;
    seen.add(id);
    ordered.push(byId.get(id)!);
    for (const to of next.get(id) ?? []) if (!seen.has(to)) queue.push(to);
  }
  for (const step of steps) if (!seen.has(step.id)) ordered.push(step);
  return ordered;
}
