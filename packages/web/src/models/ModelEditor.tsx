import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  DeleteOutlined,
  MergeCellsOutlined,
  PlusOutlined,
  RedoOutlined,
  UndoOutlined,
} from '@ant-design/icons';
import {
  displayName,
  type GatewayKind,
  type ModelCommand,
  makeStep,
  type ProcessModel,
  parseDurationEstimate,
  type Step,
  type StepKind,
} from '@pipewise/engine/process-model';
import { App, Button, Input, Select, Space, Table, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommandRunner } from './command-runner.ts';

const GATEWAYS: readonly GatewayKind[] = ['exclusive', 'parallel', 'inclusive'];

const EDITABLE_KINDS: readonly StepKind[] = [
  'task',
  'approval',
  'hand-off',
  'wait',
  'decision',
  'subprocess',
];

/**
 * The as-is model as a table, one row per step: rename, choose the lane
 * (owner), kind, the steps it leads to (and a decision's gateway: one way,
 * all at once, or some), estimated duration and systems, add a step after another,
 * move it up or down, merge it with the next one, delete it; undo and redo.
 * Every edit is one of the engine's commands, run by `runner`; names
 * redraw the chart while they are typed and are saved when the field is
 * left.
 */
export function ModelEditor({
  runner,
  model,
  onDrafts,
}: {
  runner: CommandRunner;
  model: ProcessModel;
  /** Names being typed, by step id: the chart shows them before they are saved. */
  onDrafts: (drafts: Map<string, string>) => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const language = i18n.language === 'en' ? 'en' : 'zh';
  const [drafts, setDrafts] = useState(new Map<string, string>());
  const [estimates, setEstimates] = useState(new Map<string, string>());
  const { run } = runner;

  const steps = model.steps.filter((step) => step.kind !== 'start' && step.kind !== 'end');
  const indexOf = (step: Step) => model.steps.indexOf(step);
  const nameOf = (step: Step) => drafts.get(step.id) ?? displayName(step.name, language);
  const setDraft = (step: Step, text: string) => {
    const next = new Map(drafts).set(step.id, text);
    setDrafts(next);
    onDrafts(next);
  };
  const commitName = (step: Step) => {
    const text = drafts.get(step.id);
    const next = new Map(drafts);
    next.delete(step.id);
    setDrafts(next);
    onDrafts(next);
    if (text === undefined || text.trim() === '' || text === displayName(step.name, language))
      return;
    run([
      { type: 'rename-step', stepId: step.id, name: { ...step.name, [language]: text.trim() } },
    ]);
  };
  /** The steps `step` leads to become `targets`: flows to the others go, new ones are drawn. */
  const setNext = (step: Step, targets: string[]) => {
    const outgoing = model.flows.filter((flow) => flow.from === step.id && flow.kind !== 'message');
    const stamp = Date.now().toString(36);
    run([
      ...outgoing
        .filter((flow) => !targets.includes(flow.to))
        .map((flow): ModelCommand => ({ type: 'disconnect', flowId: flow.id })),
      ...targets
        .filter((target) => !outgoing.some((flow) => flow.to === target))
        .map(
          (target, k): ModelCommand => ({
            type: 'connect',
            flow: { id: `f-${stamp}-${k}`, from: step.id, to: target },
          }),
        ),
    ]);
  };
  const addAfter = (step: Step) => {
    const id = `s-${Date.now().toString(36)}`;
    const added = makeStep(id, { [language]: t('models.newStep') }, 'task', {
      ...(step.laneId ? { laneId: step.laneId } : {}),
    });
    const outgoing = model.flows.filter((flow) => flow.from === step.id);
    run([
      { type: 'add-step', step: added, index: indexOf(step) + 1 },
      ...outgoing.flatMap((flow): ModelCommand[] => [
        { type: 'disconnect', flowId: flow.id },
        { type: 'connect', flow: { id: `${id}->${flow.to}`, from: id, to: flow.to } },
      ]),
      { type: 'connect', flow: { id: `${step.id}->${id}`, from: step.id, to: id } },
    ]);
  };
  const [newLane, setNewLane] = useState('');
  /** A lane (an owner: a role or department) that steps can then be moved to. */
  const addLane = () => {
    const name = newLane.trim();
    if (name === '') return;
    run([
      {
        type: 'add-lane',
        lane: { id: `lane-${Date.now().toString(36)}`, name: { [language]: name } },
      },
    ]);
    setNewLane('');
  };
  const commitEstimate = (step: Step) => {
    const text = estimates.get(step.id);
    if (text === undefined) return;
    const next = new Map(estimates);
    next.delete(step.id);
    setEstimates(next);
    if (text.trim() === '') {
      if (step.estimated)
        run([{ type: 'set-step-attributes', stepId: step.id, changes: { estimated: null } }]);
      return;
    }
    const estimated = parseDurationEstimate(text);
    if (!estimated) {
      void message.error(t('models.badDuration', { text }));
      return;
    }
    run([{ type: 'set-step-attributes', stepId: step.id, changes: { estimated } }]);
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Button icon={<UndoOutlined />} disabled={!runner.canUndo} onClick={runner.undo}>
          {t('models.undo')}
        </Button>
        <Button icon={<RedoOutlined />} disabled={!runner.canRedo} onClick={runner.redo}>
          {t('models.redo')}
        </Button>
        <Space.Compact>
          <Input
            value={newLane}
            placeholder={t('models.newLane')}
            aria-label={t('models.newLane')}
            onChange={(event) => setNewLane(event.target.value)}
            onPressEnter={addLane}
            style={{ width: 180 }}
          />
          <Button icon={<PlusOutlined />} disabled={newLane.trim() === ''} onClick={addLane}>
            {t('models.addLane')}
          </Button>
        </Space.Compact>
      </Space>
      <Table<Step>
        size="small"
        rowKey="id"
        data-testid="model-table"
        dataSource={steps}
        pagination={false}
        scroll={{ x: 820 }}
        columns={[
          { title: '#', width: 44, render: (_, _step, k) => k + 1 },
          {
            title: t('models.step'),
            render: (_, step) => (
              <Input
                value={nameOf(step)}
                aria-label={`${t('models.step')} ${displayName(step.name, language)}`}
                onChange={(event) => setDraft(step, event.target.value)}
                onBlur={() => commitName(step)}
                onPressEnter={() => commitName(step)}
              />
            ),
          },
          {
            title: t('models.lane'),
            width: 130,
            render: (_, step) => (
              <Select
                style={{ width: '100%' }}
                value={step.laneId ?? ''}
                aria-label={`${t('models.lane')} ${displayName(step.name, language)}`}
                onChange={(laneId: string) =>
                  run([{ type: 'move-step-to-lane', stepId: step.id, laneId: laneId || null }])
                }
                options={[
                  { value: '', label: t('models.noLane') },
                  ...model.lanes.map((lane) => ({
                    value: lane.id,
                    label: displayName(lane.name, language),
                  })),
                ]}
              />
            ),
          },
          {
            title: t('models.kindOfStep'),
            width: 100,
            render: (_, step) => (
              <Select
                style={{ width: '100%' }}
                aria-label={`${t('models.kindOfStep')} ${displayName(step.name, language)}`}
                value={step.kind}
                onChange={(kind: StepKind) =>
                  run([{ type: 'set-step-attributes', stepId: step.id, changes: { kind } }])
                }
                options={EDITABLE_KINDS.map((kind) => ({
                  value: kind,
                  label: t(`models.kinds.${kind}`),
                }))}
              />
            ),
          },
          {
            title: t('models.next'),
            width: 170,
            render: (_, step) => {
              const name = displayName(step.name, language);
              const outgoing = model.flows.filter(
                (flow) => flow.from === step.id && flow.kind !== 'message',
              );
              return (
                <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                  <Select
                    mode="multiple"
                    style={{ width: '100%' }}
                    aria-label={`${t('models.next')} ${name}`}
                    optionFilterProp="label"
                    value={[...new Set(outgoing.map((flow) => flow.to))]}
                    onChange={(targets: string[]) => setNext(step, targets)}
                    options={model.steps
                      .filter((other) => other.id !== step.id && other.kind !== 'start')
                      .map((other) => ({
                        value: other.id,
                        label: displayName(other.name, language),
                      }))}
                  />
                  {step.kind === 'decision' && (
                    <Select
                      size="small"
                      style={{ width: '100%' }}
                      aria-label={`${t('models.gateway')} ${name}`}
                      value={step.gateway ?? 'exclusive'}
                      onChange={(gateway: GatewayKind) =>
                        run([
                          { type: 'set-step-attributes', stepId: step.id, changes: { gateway } },
                        ])
                      }
                      options={GATEWAYS.map((gateway) => ({
                        value: gateway,
                        label: t(`models.gateways.${gateway}`),
                      }))}
                    />
                  )}
                </Space>
              );
            },
          },
          {
            title: t('models.estimated'),
            width: 120,
            render: (_, step) => (
              <Input
                value={estimates.get(step.id) ?? step.estimated?.text ?? ''}
                placeholder={t('models.estimatedHelp')}
                aria-label={`${t('models.estimated')} ${displayName(step.name, language)}`}
                onChange={(event) =>
                  setEstimates(new Map(estimates).set(step.id, event.target.value))
                }
                onBlur={() => commitEstimate(step)}
                onPressEnter={() => commitEstimate(step)}
              />
            ),
          },
          {
            title: t('models.systems'),
            width: 140,
            render: (_, step) => (
              <Select
                mode="tags"
                style={{ width: '100%' }}
                value={step.systems}
                tokenSeparators={[',', '，', '、']}
                onChange={(systems: string[]) =>
                  run([{ type: 'set-step-attributes', stepId: step.id, changes: { systems } }])
                }
              />
            ),
          },
          {
            key: 'actions',
            width: 150,
            render: (_, step, k) => {
              const next = steps[k + 1];
              const name = displayName(step.name, language);
              return (
                <Space size={2}>
                  <Tooltip title={t('models.addAfter')}>
                    <Button
                      size="small"
                      type="text"
                      icon={<PlusOutlined />}
                      aria-label={`${t('models.addAfter')} ${name}`}
                      onClick={() => addAfter(step)}
                    />
                  </Tooltip>
                  <Tooltip title={t('models.moveUp')}>
                    <Button
                      size="small"
                      type="text"
                      icon={<ArrowUpOutlined />}
                      disabled={k === 0}
                      aria-label={`${t('models.moveUp')} ${name}`}
                      onClick={() =>
                        run([{ type: 'reorder-step', stepId: step.id, index: indexOf(step) - 1 }])
                      }
                    />
                  </Tooltip>
                  <Tooltip title={t('models.moveDown')}>
                    <Button
                      size="small"
                      type="text"
                      icon={<ArrowDownOutlined />}
                      disabled={!next}
                      aria-label={`${t('models.moveDown')} ${name}`}
                      onClick={() =>
                        run([{ type: 'reorder-step', stepId: step.id, index: indexOf(step) + 1 }])
                      }
                    />
                  </Tooltip>
                  <Tooltip title={t('models.mergeNext')}>
                    <Button
                      size="small"
                      type="text"
                      icon={<MergeCellsOutlined />}
                      disabled={!next}
                      aria-label={`${t('models.mergeNext')} ${name}`}
                      onClick={() =>
                        next && run([{ type: 'merge-steps', keepId: step.id, mergeId: next.id }])
                      }
                    />
                  </Tooltip>
                  <Tooltip title={t('models.remove')}>
                    <Button
                      size="small"
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label={`${t('models.remove')} ${name}`}
                      onClick={() => run([{ type: 'remove-step', stepId: step.id, bridge: true }])}
                    />
                  </Tooltip>
                </Space>
              );
            },
          },
        ]}
      />
    </Space>
  );
}
