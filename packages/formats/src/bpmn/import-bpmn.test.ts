import { parseProcessModel } from '@pipewise/engine/process-model';
import { describe, expect, it } from 'vitest';
import { describeInputError } from '../input-error/index.ts';
import { importBpmn } from './import-bpmn.ts';

const MODEL_NS = 'http://www.omg.org/spec/BPMN/20100524/MODEL';

/**
 * A deal desk drawn by hand: a black-box customer pool, a sales pool with
 * nested lanes and a legal pool without lanes, every kind of step, data,
 * a boundary timer, a message flow, an annotation, a group and a vendor
 * extension. The model namespace has the prefix `b` on purpose: BPMN is
 * read by namespace, not by prefix.
 */
const DEAL_DESK = `<?xml version="1.0" encoding="UTF-8"?>
<b:definitions xmlns:b="${MODEL_NS}" xmlns:acme="https://acme.example/bpmn" id="defs" targetNamespace="x">
  <b:collaboration id="collab">
    <b:participant id="customerPool" name="Customer" />
    <b:participant id="salesPool" name="Sales" processRef="sales" />
    <b:participant id="legalPool" name="Legal" processRef="legal" />
    <b:messageFlow id="m1" name="RFQ" sourceRef="customerPool" targetRef="start" />
    <b:messageFlow id="m2" name="contract draft" sourceRef="sendContract" targetRef="legalStart" />
    <b:textAnnotation id="note1"><b:text>Ask for the budget first</b:text></b:textAnnotation>
  </b:collaboration>
  <b:dataStore id="crmStore" name="CRM" />
  <b:process id="sales" name="Sales process">
    <b:laneSet id="ls">
      <b:lane id="regions" name="Regions">
        <b:childLaneSet id="cls">
          <b:lane id="east" name="East">
            <b:flowNodeRef>start</b:flowNodeRef>
            <b:flowNodeRef>quote</b:flowNodeRef>
          </b:lane>
          <b:lane id="west" name="West">
            <b:flowNodeRef>negotiate</b:flowNodeRef>
            <b:flowNodeRef>waitSignature</b:flowNodeRef>
            <b:flowNodeRef>sendContract</b:flowNodeRef>
            <b:flowNodeRef>won</b:flowNodeRef>
            <b:flowNodeRef>lost</b:flowNodeRef>
            <b:flowNodeRef>remind</b:flowNodeRef>
          </b:lane>
        </b:childLaneSet>
      </b:lane>
      <b:lane id="mgmt" name="销售经理">
        <b:flowNodeRef>approve</b:flowNodeRef>
        <b:flowNodeRef>ok</b:flowNodeRef>
      </b:lane>
    </b:laneSet>
    <b:startEvent id="start" name="Request received" />
    <b:userTask id="quote" name="Prepare quote" acme:owner="pricing">
      <b:extensionElements><acme:sla hours="4" /></b:extensionElements>
      <b:dataOutputAssociation id="out1"><b:targetRef>quoteDoc</b:targetRef></b:dataOutputAssociation>
    </b:userTask>
    <b:boundaryEvent id="late" name="Quote late" attachedToRef="quote" cancelActivity="false">
      <b:timerEventDefinition><b:timeDuration>P2D</b:timeDuration></b:timerEventDefinition>
    </b:boundaryEvent>
    <b:userTask id="approve" name="审批报价" acme:owner="manager">
      <b:property id="approveInput" name="__targetRef_placeholder" />
      <b:dataInputAssociation id="in1">
        <b:sourceRef>quoteDoc</b:sourceRef>
        <b:targetRef>approveInput</b:targetRef>
      </b:dataInputAssociation>
    </b:userTask>
    <b:exclusiveGateway id="ok" name="Approved?" />
    <b:subProcess id="negotiate" name="Negotiate">
      <b:startEvent id="n1" />
      <b:task id="n2" name="Call customer" />
      <b:task id="n3" name="Agree terms" />
      <b:endEvent id="n4" />
      <b:sequenceFlow id="nf1" sourceRef="n1" targetRef="n2" />
      <b:sequenceFlow id="nf2" sourceRef="n2" targetRef="n3" />
      <b:sequenceFlow id="nf3" sourceRef="n3" targetRef="n4" />
    </b:subProcess>
    <b:intermediateCatchEvent id="waitSignature" name="Wait for signature">
      <b:timerEventDefinition />
    </b:intermediateCatchEvent>
    <b:sendTask id="sendContract" name="Send contract">
      <b:dataInputAssociation id="in2"><b:sourceRef>crmRef</b:sourceRef></b:dataInputAssociation>
    </b:sendTask>
    <b:endEvent id="won" name="Won" />
    <b:endEvent id="lost" />
    <b:task id="remind" name="Remind sales rep" />
    <b:sequenceFlow id="f1" sourceRef="start" targetRef="quote" />
    <b:sequenceFlow id="f2" sourceRef="quote" targetRef="approve" />
    <b:sequenceFlow id="f3" sourceRef="approve" targetRef="ok" />
    <b:sequenceFlow id="f4" name="yes" sourceRef="ok" targetRef="negotiate">
      <b:conditionExpression>discount &lt;= 10%</b:conditionExpression>
    </b:sequenceFlow>
    <b:sequenceFlow id="f5" name="rejected" sourceRef="ok" targetRef="lost" />
    <b:sequenceFlow id="f6" sourceRef="negotiate" targetRef="waitSignature" />
    <b:sequenceFlow id="f7" sourceRef="waitSignature" targetRef="sendContract" />
    <b:sequenceFlow id="f8" sourceRef="sendContract" targetRef="won" />
    <b:sequenceFlow id="f9" sourceRef="late" targetRef="remind" />
    <b:sequenceFlow id="f10" sourceRef="remind" targetRef="lost" />
    <b:dataObjectReference id="quoteDoc" name="Quote" dataObjectRef="quoteData" />
    <b:dataObject id="quoteData" />
    <b:dataStoreReference id="crmRef" dataStoreRef="crmStore" />
    <b:group id="g1" />
  </b:process>
  <b:process id="legal" name="Legal review">
    <b:startEvent id="legalStart" name="Contract received"><b:messageEventDefinition /></b:startEvent>
    <b:task id="review" name="Review contract" />
    <b:endEvent id="legalEnd" name="Reviewed" />
    <b:sequenceFlow id="g2" sourceRef="legalStart" targetRef="review" />
    <b:sequenceFlow id="g3" sourceRef="review" targetRef="legalEnd" />
  </b:process>
</b:definitions>
`;

function importOk(text: string, file = 'deal-desk.bpmn') {
  const result = importBpmn(text, { file });
  if (!result.ok) throw new Error(describeInputError(result.error));
  return result;
}

function importError(text: string, file = 'bad.bpmn') {
  const result = importBpmn(text, { file });
  if (result.ok) throw new Error('expected the import to fail');
  return result.error;
}

/** A definitions element around one process's content, in the default namespace. */
function processFile(content: string[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<definitions xmlns="${MODEL_NS}" id="d">`,
    '  <process id="p">',
    ...content.map((line) => `    ${line}`),
    '  </process>',
    '</definitions>',
  ].join('\n');
}

describe('importBpmn: what each element becomes', () => {
  const { model, warnings } = importOk(DEAL_DESK);
  const step = (id: string) => {
    const found = model.steps.find((candidate) => candidate.id === id);
    if (!found) throw new Error(`no step ${id}`);
    return found;
  };

  it('makes a valid process model (the engine accepts it as saved)', () => {
    expect(parseProcessModel(JSON.parse(JSON.stringify(model))).ok).toBe(true);
    expect(model.id).toBe('sales');
    expect(model.name).toEqual({ en: 'Sales process' });
  });

  it('flattens nested lanes to "Pool / Parent / Child" and turns a pool without lanes into a lane', () => {
    expect(model.lanes).toEqual([
      { id: 'east', name: { en: 'Sales / Regions / East' } },
      { id: 'west', name: { en: 'Sales / Regions / West' } },
      { id: 'mgmt', name: { zh: 'Sales / 销售经理' } },
      { id: 'legalPool', name: { en: 'Legal' } },
    ]);
    expect(step('start').laneId).toBe('east');
    expect(step('approve').laneId).toBe('mgmt');
    expect(step('review').laneId).toBe('legalPool');
  });

  it('gives every flow node one step of its kind', () => {
    const kinds = Object.fromEntries(model.steps.map((each) => [each.id, each.kind]));
    expect(kinds).toEqual({
      start: 'start',
      quote: 'task',
      late: 'event',
      approve: 'approval',
      ok: 'decision',
      negotiate: 'subprocess',
      waitSignature: 'wait',
      sendContract: 'task',
      won: 'end',
      lost: 'end',
      remind: 'task',
      legalStart: 'start',
      review: 'task',
      legalEnd: 'end',
    });
    expect(step('ok').gateway).toBe('exclusive');
  });

  it('puts names with Han characters in zh and others in en; an unnamed step is called by its id', () => {
    expect(step('approve').name).toEqual({ zh: '审批报价' });
    expect(step('quote').name).toEqual({ en: 'Prepare quote' });
    expect(step('lost').name).toEqual({ en: 'lost' });
    expect(step('quote').source).toBe('quote');
  });

  it('shows a sub-process collapsed: one step whose notes count what it holds', () => {
    expect(model.steps.some((each) => each.id === 'n2')).toBe(false);
    expect(step('negotiate').notes).toBe(
      'BPMN subProcess\nShown collapsed; holds 4 flow elements (2 tasks, 2 events) and 3 sequence flows',
    );
  });

  it('ties a boundary event to its activity by a flow named after its trigger, in the activity’s lane', () => {
    expect(model.flows).toContainEqual({
      id: 'late-attached',
      from: 'quote',
      to: 'late',
      condition: 'on timer P2D (non-interrupting)',
      kind: 'sequence',
      source: 'late',
    });
    expect(step('late').laneId).toBe('east');
    expect(step('late').notes).toBe(
      'BPMN boundaryEvent, timer P2D, non-interrupting, attached to "Prepare quote"',
    );
  });

  it('reads data objects as inputs and outputs, and data stores as systems', () => {
    expect(step('quote').outputs).toEqual(['Quote']);
    expect(step('approve').inputs).toEqual(['Quote']);
    expect(step('sendContract').systems).toEqual(['CRM']);
  });

  it('reads sequence flows with the condition expression, or the name without one; message flows between pools', () => {
    const flows = Object.fromEntries(model.flows.map((flow) => [flow.id, flow]));
    expect(Object.keys(flows)).toHaveLength(14);
    expect(flows.f4).toMatchObject({ from: 'ok', to: 'negotiate', condition: 'discount <= 10%' });
    expect(flows.f5).toMatchObject({ from: 'ok', to: 'lost', condition: 'rejected' });
    expect(flows.f1!.condition).toBeUndefined();
    expect(flows.m2).toMatchObject({
      from: 'sendContract',
      to: 'legalStart',
      kind: 'message',
      condition: 'contract draft',
    });
  });

  it('orders steps along the flows from the starts', () => {
    const at = (id: string) => model.steps.findIndex((each) => each.id === id);
    expect(at('start')).toBe(0);
    expect(at('start')).toBeLessThan(at('quote'));
    expect(at('quote')).toBeLessThan(at('approve'));
    expect(at('approve')).toBeLessThan(at('ok'));
    expect(at('ok')).toBeLessThan(at('negotiate'));
    expect(at('negotiate')).toBeLessThan(at('waitSignature'));
  });

  it('keeps what it does not understand, located, and reports each as a warning', () => {
    expect(model.unknownElements).toEqual([
      {
        element: 'participant without a process',
        id: 'customerPool',
        name: 'Customer',
        location: 'deal-desk.bpmn:4',
      },
      {
        element: 'messageFlow to or from a pool without steps',
        id: 'm1',
        name: 'RFQ',
        location: 'deal-desk.bpmn:7',
      },
      {
        element: 'textAnnotation',
        id: 'note1',
        name: 'Ask for the budget first',
        location: 'deal-desk.bpmn:9',
      },
      {
        element: 'acme:owner',
        name: 'vendor extension attribute, 2×',
        location: 'deal-desk.bpmn:36',
      },
      { element: 'acme:sla', name: 'vendor extension element, 1×', location: 'deal-desk.bpmn:37' },
      { element: 'group', id: 'g1', location: 'deal-desk.bpmn:84' },
    ]);
    expect(warnings.map((warning) => warning.kind)).toEqual(Array(6).fill('unknown-element'));
    expect(warnings[2]!.message).toBe(
      'kept but not understood: textAnnotation "note1" (Ask for the budget first) at deal-desk.bpmn:9',
    );
  });

  it('does not report as unknown what it understood (the model elements, the data, the store)', () => {
    const elements = model.unknownElements.map((unknown) => unknown.element);
    for (const understood of [
      'dataObject',
      'dataObjectReference',
      'dataStore',
      'dataStoreReference',
      'property',
      'lane',
      'laneSet',
      'sequenceFlow',
      'timerEventDefinition',
    ])
      expect(elements).not.toContain(understood);
  });
});

describe('importBpmn: pools and lanes', () => {
  it('leaves steps without a lane when the file has no pools and no lanes', () => {
    const { model } = importOk(
      processFile([
        '<startEvent id="s" />',
        '<task id="t" name="Do it" />',
        '<sequenceFlow id="f" sourceRef="s" targetRef="t" />',
      ]),
    );
    expect(model.lanes).toEqual([]);
    expect(model.steps.map((step) => step.laneId)).toEqual([undefined, undefined]);
  });

  it('names an unnamed lane after its pool when it is the pool’s only lane', () => {
    const { model } = importOk(
      [
        `<definitions xmlns="${MODEL_NS}" id="d">`,
        '  <collaboration id="c"><participant id="pool" name="Back office" processRef="p" /></collaboration>',
        '  <process id="p">',
        '    <laneSet id="ls"><lane id="only"><flowNodeRef>t</flowNodeRef></lane></laneSet>',
        '    <task id="t" name="File it" />',
        '  </process>',
        '</definitions>',
      ].join('\n'),
    );
    expect(model.lanes).toEqual([{ id: 'only', name: { en: 'Back office' } }]);
    expect(model.steps[0]!.laneId).toBe('only');
  });

  it('names a message flow after its message when it has no name of its own, and takes the message in', () => {
    const { model } = importOk(
      [
        `<definitions xmlns="${MODEL_NS}" id="d">`,
        '  <message id="msg" name="Purchase order" />',
        '  <message id="spare" name="Never sent" />',
        '  <collaboration id="c">',
        '    <participant id="buyer" name="Buyer" processRef="p1" />',
        '    <participant id="seller" name="Seller" processRef="p2" />',
        '    <messageFlow id="m" sourceRef="send" targetRef="receive" messageRef="msg" />',
        '  </collaboration>',
        '  <process id="p1"><sendTask id="send" name="Send order" /></process>',
        '  <process id="p2"><receiveTask id="receive" name="Receive order" /></process>',
        '</definitions>',
      ].join('\n'),
    );
    expect(model.flows).toEqual([
      {
        id: 'm',
        from: 'send',
        to: 'receive',
        kind: 'message',
        condition: 'Purchase order',
        source: 'm',
      },
    ]);
    expect(model.unknownElements).toEqual([
      { element: 'message', id: 'spare', name: 'Never sent', location: 'deal-desk.bpmn:3' },
    ]);
  });

  it('keeps a label with line breaks as it is', () => {
    const { model } = importOk(processFile(['<task id="t" name="Invoice&#10;received" />']));
    expect(model.steps[0]!.name).toEqual({ en: 'Invoice\nreceived' });
  });
});

describe('importBpmn: bad input is refused with its place', () => {
  it('refuses a DOCTYPE that declares entities, without expanding them', () => {
    const error = importError(
      [
        '<?xml version="1.0"?>',
        '<!DOCTYPE definitions [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>',
        `<definitions xmlns="${MODEL_NS}"><process id="p"><task id="t" name="&lol2;" /></process></definitions>`,
      ].join('\n'),
    );
    expect(error).toMatchObject({ reason: 'entities-not-allowed', file: 'bad.bpmn', line: 2 });
  });

  it('refuses XML that is not well-formed, at the line and column where it breaks', () => {
    const error = importError(processFile(['<task id="t" name="Unclosed">', '<task id="u" />']));
    // "  </process>" on line 6 closes what is still an open <task>; the parser stops after its ">".
    expect(error).toMatchObject({
      reason: 'malformed-xml',
      line: 6,
      lineColumn: 12,
      value: 'unexpected close tag.',
    });
    expect(describeInputError(error)).toBe(
      'bad.bpmn:6:12: the XML is not well-formed: "unexpected close tag."; expected a BPMN 2.0 XML file',
    );
  });

  it('refuses XML that is not BPMN', () => {
    const xes = importError('<?xml version="1.0"?>\n<log xes.version="1.0" />');
    expect(xes).toMatchObject({ reason: 'not-bpmn', line: 2, lineColumn: 1, value: 'log' });
    const noProcess = importError(
      `<definitions xmlns="${MODEL_NS}" id="d">\n  <collaboration id="c" />\n</definitions>`,
    );
    expect(noProcess).toMatchObject({
      reason: 'not-bpmn',
      line: 1,
      expected: 'at least one process in the definitions',
    });
    const wrongNamespace = importError('<definitions xmlns="http://example.com/not-bpmn" />');
    expect(wrongNamespace.reason).toBe('not-bpmn');
  });

  it('refuses a sequence flow to an element the file does not have, naming both', () => {
    const error = importError(
      processFile([
        '<startEvent id="s" />',
        '<task id="t" name="Check" />',
        '<sequenceFlow id="f1" sourceRef="s" targetRef="t" />',
        '<sequenceFlow id="f2" sourceRef="t" targetRef="ghost" />',
      ]),
    );
    expect(error).toEqual({
      reason: 'missing-element',
      file: 'bad.bpmn',
      line: 7,
      lineColumn: 5,
      value: 'ghost',
      expected: 'targetRef of sequenceFlow "f2" to be an element of the file',
    });
    expect(describeInputError(error)).toBe(
      'bad.bpmn:7:5: it refers to an element the file does not have: "ghost"; expected targetRef of sequenceFlow "f2" to be an element of the file',
    );
  });

  it('refuses a sequence flow to an element that is not a flow node', () => {
    const error = importError(
      processFile([
        '<task id="t" name="Check" />',
        '<dataObjectReference id="doc" name="Invoice" />',
        '<sequenceFlow id="f1" sourceRef="t" targetRef="doc" />',
      ]),
    );
    expect(error).toMatchObject({
      reason: 'not-bpmn',
      line: 6,
      lineColumn: 5,
      value: 'doc',
      expected: 'sequence flow "f1" to connect flow nodes, not a dataObjectReference',
    });
  });

  it('refuses a lane that lists an element the file does not have', () => {
    const error = importError(
      processFile([
        '<laneSet id="ls">',
        '  <lane id="sales" name="Sales">',
        '    <flowNodeRef>t</flowNodeRef>',
        '    <flowNodeRef>gone</flowNodeRef>',
        '  </lane>',
        '</laneSet>',
        '<task id="t" name="Call" />',
      ]),
    );
    expect(error).toMatchObject({
      reason: 'missing-element',
      line: 7,
      lineColumn: 9,
      value: 'gone',
      expected: 'lane "sales" to list flow nodes of the file',
    });
  });

  it('refuses two elements with the same id', () => {
    const error = importError(
      processFile(['<task id="t" name="A" />', '<task id="t" name="B" />']),
    );
    expect(error).toMatchObject({ reason: 'duplicate-id', line: 5, lineColumn: 5, value: 't' });
  });

  it('refuses a sequence flow without a target', () => {
    const error = importError(
      processFile(['<task id="t" name="A" />', '<sequenceFlow id="f" sourceRef="t" />']),
    );
    expect(error).toMatchObject({ reason: 'missing-attribute', line: 5, value: 'targetRef' });
  });
});

describe('importBpmn: questionable models are read, with warnings', () => {
  it('warns about a cycle that no start enters', () => {
    const { model, warnings } = importOk(
      processFile([
        '<task id="a" name="Draft" />',
        '<task id="b" name="Review" />',
        '<sequenceFlow id="f1" sourceRef="a" targetRef="b" />',
        '<sequenceFlow id="f2" sourceRef="b" targetRef="a" />',
      ]),
    );
    expect(model.steps).toHaveLength(2);
    expect(warnings.map((warning) => warning.kind)).toEqual(['no-start', 'unreachable']);
    expect(warnings[1]!.message).toContain('every step is in a cycle that nothing enters');
  });

  it('warns about two steps with the same name in one lane', () => {
    const { warnings } = importOk(
      processFile([
        '<laneSet id="ls"><lane id="l" name="Sales">',
        '  <flowNodeRef>s</flowNodeRef><flowNodeRef>a</flowNodeRef><flowNodeRef>b</flowNodeRef>',
        '</lane></laneSet>',
        '<startEvent id="s" />',
        '<task id="a" name="Call customer" />',
        '<task id="b" name="Call customer" />',
        '<sequenceFlow id="f1" sourceRef="s" targetRef="a" />',
        '<sequenceFlow id="f2" sourceRef="a" targetRef="b" />',
      ]),
    );
    expect(warnings).toContainEqual({
      kind: 'duplicate-name-in-lane',
      message: '2 steps are called "Call customer" in lane "Sales" (a, b)',
      stepIds: ['a', 'b'],
    });
  });
});
