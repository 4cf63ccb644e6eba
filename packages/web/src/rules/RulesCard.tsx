import { DeleteOutlined, EditOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { displayName, type ProcessModel } from '@pipewise/engine/process-model';
import {
  CHANNELS,
  channelName,
  describeRule,
  effectiveRules,
  type Rule,
  type RuleKind,
} from '@pipewise/engine/rules';
import {
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Popconfirm,
  Radio,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { timeBasisOptions } from '../app/time-basis.ts';
import type { CommandRunner } from '../models/command-runner.ts';
import { GateTry } from './GateTry.tsx';
import { RulesReplay } from './RulesReplay.tsx';
import { EMPTY_DURATION, formOfRule, type RuleFormValues, ruleOfForm } from './rule-form.ts';

const KINDS: readonly RuleKind[] = [
  'hand-off-sla',
  'task-on-entry',
  'stage-gate',
  'inactivity-reminder',
  'follow-up-reminder',
  'tool-step',
];

/**
 * The rules of a version (deadlines, reminders, tasks, gates, tool steps): each said in
 * a sentence; editors add, change and delete them with the model's
 * `set-rule` and `remove-rule` commands, so they go into the change log and
 * undo with the table's edits.
 */
export function RulesCard({
  projectId,
  versionId,
  model,
  runner,
  canEdit,
}: {
  projectId: string;
  versionId: string;
  model: ProcessModel;
  runner: CommandRunner;
  canEdit: boolean;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'zh';
  const [editing, setEditing] = useState<{ rule?: Rule } | undefined>();
  const rules = model.rules ?? [];
  return (
    <Card
      size="small"
      title={t('rules.title')}
      extra={
        canEdit && (
          <Button icon={<PlusOutlined />} onClick={() => setEditing({})}>
            {t('rules.add')}
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary">{t('rules.intro')}</Typography.Paragraph>
      <List
        data-testid="rules"
        dataSource={rules}
        locale={{ emptyText: t('rules.none') }}
        renderItem={(rule) => (
          <List.Item
            actions={
              canEdit
                ? [
                    <Button
                      key="edit"
                      size="small"
                      icon={<EditOutlined />}
                      aria-label={t('rules.edit', { rule: ruleTitle(rule) })}
                      onClick={() => setEditing({ rule })}
                    />,
                    <Popconfirm
                      key="delete"
                      title={t('rules.confirmDelete')}
                      onConfirm={() => runner.run([{ type: 'remove-rule', ruleId: rule.id }])}
                    >
                      <Button
                        size="small"
                        danger
                        icon={<DeleteOutlined />}
                        aria-label={t('rules.delete', { rule: ruleTitle(rule) })}
                      />
                    </Popconfirm>,
                  ]
                : []
            }
          >
            <Space orientation="vertical" size={0}>
              <span>
                <Tag>{t(`rules.kind.${rule.kind}`)}</Tag>
                {rule.name && (
                  <Typography.Text strong>{displayName(rule.name, language)}</Typography.Text>
                )}
              </span>
              <Typography.Text>{describeRule(rule, model, language)}</Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      <GateTry model={model} />
      {effectiveRules(model).length > 0 && (
        <RulesReplay projectId={projectId} versionId={versionId} model={model} />
      )}
      {editing && (
        <RuleDialog
          model={model}
          rule={editing.rule}
          onClose={() => setEditing(undefined)}
          onSave={(rule) => runner.run([{ type: 'set-rule', rule }])}
        />
      )}
    </Card>
  );

  function ruleTitle(rule: Rule): string {
    return rule.name ? displayName(rule.name, language) : t(`rules.kind.${rule.kind}`);
  }
}

/** Adds a rule, or changes one: a form per kind; the engine checks what it makes. */
function RuleDialog({
  model,
  rule,
  onClose,
  onSave,
}: {
  model: ProcessModel;
  rule: Rule | undefined;
  onClose: () => void;
  onSave: (rule: Rule) => boolean;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'zh';
  const [form] = Form.useForm<RuleFormValues>();
  const kind: RuleKind = Form.useWatch('kind', form) ?? rule?.kind ?? 'hand-off-sla';
  const eventKind = Form.useWatch('eventKind', form) ?? 'step-entered';
  const effectKind = Form.useWatch('effectKind', form) ?? 'factor';
  const stepOptions = model.steps
    .filter((step) => step.kind !== 'start' && step.kind !== 'end')
    .map((step) => ({ value: step.id, label: displayName(step.name, language) }));
  const laneOptions = model.lanes.map((lane) => ({
    value: lane.id,
    label: displayName(lane.name, language),
  }));
  const required = [{ required: true, message: t('rules.required') }];
  const save = (values: RuleFormValues) => {
    const id = rule?.id ?? `rule-${Date.now().toString(36)}`;
    if (onSave(ruleOfForm(values, id, language, rule))) onClose();
  };

  /** A duration: more than zero where a clock must run (`positive`), zero allowed for an escalation. */
  const duration = (
    name: (string | number)[],
    label: string,
    need: 'positive' | 'optional-positive' | 'zero-or-more' = 'positive',
  ) => (
    <Space.Compact>
      <Form.Item
        name={[...name, 'value']}
        label={label}
        rules={[
          ...(need === 'optional-positive' ? [] : required),
          {
            validator: (_: unknown, value: number | null | undefined) =>
              value === null || value === undefined || need === 'zero-or-more' || value > 0
                ? Promise.resolve()
                : Promise.reject(new Error(t('rules.positive'))),
          },
        ]}
      >
        <InputNumber aria-label={label} min={0} style={{ width: 110 }} />
      </Form.Item>
      <Form.Item name={[...name, 'unit']} label={t('rules.unit')}>
        <Select
          aria-label={`${label} ${t('rules.unit')}`}
          style={{ width: 100 }}
          options={(['minute', 'hour', 'day', 'week'] as const).map((value) => ({
            value,
            label: t(`rules.units.${value}`),
          }))}
        />
      </Form.Item>
      <Form.Item name={[...name, 'basis']} label={t('rules.basis')}>
        <Select
          aria-label={`${label} ${t('rules.basis')}`}
          style={{ width: 120 }}
          options={timeBasisOptions(t)}
        />
      </Form.Item>
    </Space.Compact>
  );
  const recipient = (name: (string | number)[], label: string) => (
    <RecipientFields name={name} label={label} laneOptions={laneOptions} />
  );
  const step = (name: string, label: string) => (
    <Form.Item name={name} label={label} rules={required}>
      <Select aria-label={label} showSearch optionFilterProp="label" options={stepOptions} />
    </Form.Item>
  );
  const event = (label: string) => (
    <>
      <Form.Item name="eventKind" label={label}>
        <Radio.Group
          options={(['step-entered', 'step-completed', 'field-changed'] as const).map((value) => ({
            value,
            label: t(`rules.event.${value}`),
          }))}
        />
      </Form.Item>
      {eventKind === 'field-changed' ? (
        <Space>
          <Form.Item name="eventField" label={t('rules.field')} rules={required}>
            <Input aria-label={t('rules.field')} />
          </Form.Item>
          <Form.Item name="eventValue" label={t('rules.fieldValue')}>
            <Input aria-label={t('rules.fieldValue')} />
          </Form.Item>
        </Space>
      ) : (
        step('eventStep', t('rules.step'))
      )}
    </>
  );
  /** A list of rows: a heading, each row with a remove button, and a button adding one. */
  const rows = (
    name: string,
    heading: string,
    addLabel: string,
    newRow: () => unknown,
    row: (name: number, k: number) => ReactNode,
  ) => (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <>
          <Typography.Text strong>{heading}</Typography.Text>
          {fields.map((field, k) => (
            <Space key={field.key} align="baseline" wrap>
              {row(field.name, k)}
              <MinusCircleOutlined
                aria-label={t('rules.removeRow')}
                onClick={() => remove(field.name)}
              />
            </Space>
          ))}
          <Form.Item>
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add(newRow())}>
              {addLabel}
            </Button>
          </Form.Item>
        </>
      )}
    </Form.List>
  );
  const notify = (label: string) =>
    rows(
      'notify',
      label,
      t('rules.addRecipient'),
      () => ({ who: 'role', channel: 'in-app' }),
      (name) => recipient([name], label),
    );
  const escalations = rows(
    'escalations',
    t('rules.escalations'),
    t('rules.addEscalation'),
    () => ({ after: EMPTY_DURATION, recipient: { who: 'role', channel: 'email' } }),
    (name, k) => (
      <>
        {duration([name, 'after'], t('rules.escalateAfter', { level: k + 1 }), 'zero-or-more')}
        {recipient([name, 'recipient'], t('rules.escalateTo', { level: k + 1 }))}
      </>
    ),
  );

  return (
    <Modal
      open
      width={860}
      title={rule ? t('rules.change') : t('rules.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('rules.save')}
    >
      <Form<RuleFormValues>
        form={form}
        layout="vertical"
        initialValues={formOfRule(rule, language)}
        onFinish={save}
      >
        <Space wrap>
          <Form.Item name="kind" label={t('rules.kindLabel')}>
            <Select
              aria-label={t('rules.kindLabel')}
              style={{ width: 200 }}
              disabled={rule !== undefined}
              options={KINDS.map((value) => ({ value, label: t(`rules.kind.${value}`) }))}
            />
          </Form.Item>
          <Form.Item name="name" label={t('rules.name')}>
            <Input aria-label={t('rules.name')} style={{ width: 320 }} />
          </Form.Item>
        </Space>
        <Typography.Paragraph type="secondary">{t(`rules.help.${kind}`)}</Typography.Paragraph>
        {kind === 'hand-off-sla' && (
          <>
            {event(t('rules.trigger'))}
            {duration(['duration'], t('rules.deadline'))}
            {notify(t('rules.notify'))}
            {escalations}
          </>
        )}
        {kind === 'follow-up-reminder' && (
          <>
            {event(t('rules.after'))}
            {duration(['duration'], t('rules.due'))}
            {notify(t('rules.remind'))}
          </>
        )}
        {kind === 'inactivity-reminder' && (
          <>
            <Form.Item name="stepIds" label={t('rules.stages')} rules={required}>
              <Select
                aria-label={t('rules.stages')}
                mode="multiple"
                optionFilterProp="label"
                options={stepOptions}
              />
            </Form.Item>
            {duration(['duration'], t('rules.idle'))}
            {notify(t('rules.remind'))}
          </>
        )}
        {kind === 'task-on-entry' && (
          <>
            {step('stepId', t('rules.onEntering'))}
            <Form.Item
              name="taskTitle"
              label={t('rules.taskTitle')}
              rules={[{ required: true, whitespace: true, message: t('rules.required') }]}
            >
              <Input aria-label={t('rules.taskTitle')} />
            </Form.Item>
            {recipient(['assignee'], t('rules.assignee'))}
            {duration(['duration'], t('rules.taskDeadline'), 'optional-positive')}
            {escalations}
          </>
        )}
        {kind === 'stage-gate' && (
          <>
            {step('stepId', t('rules.step'))}
            <Form.Item name="on" label={t('rules.gateOn')}>
              <Radio.Group
                options={[
                  { value: 'enter', label: t('rules.gate.enter') },
                  { value: 'leave', label: t('rules.gate.leave') },
                ]}
              />
            </Form.Item>
            <Form.Item name="requiredFields" label={t('rules.requiredFields')}>
              <Select aria-label={t('rules.requiredFields')} mode="tags" open={false} />
            </Form.Item>
            <Form.Item name="requiredArtifacts" label={t('rules.requiredArtifacts')}>
              <Select aria-label={t('rules.requiredArtifacts')} mode="tags" open={false} />
            </Form.Item>
            <Form.Item name="reason" label={t('rules.reason')}>
              <Input aria-label={t('rules.reason')} />
            </Form.Item>
          </>
        )}
        {kind === 'tool-step' && (
          <>
            {step('stepId', t('rules.step'))}
            <Form.Item name="tool" label={t('rules.tool')} rules={required}>
              <Input aria-label={t('rules.tool')} placeholder={t('rules.toolExample')} />
            </Form.Item>
            <Form.Item name="effectKind" label={t('rules.effect')}>
              <Radio.Group
                options={[
                  { value: 'factor', label: t('rules.effects.factor') },
                  { value: 'fixed', label: t('rules.effects.fixed') },
                ]}
              />
            </Form.Item>
            {effectKind === 'fixed' ? (
              duration(['duration'], t('rules.fixedDuration'))
            ) : (
              <Form.Item name="factor" label={t('rules.factor')} rules={required}>
                <InputNumber aria-label={t('rules.factor')} min={0} step={0.1} />
              </Form.Item>
            )}
          </>
        )}
      </Form>
    </Modal>
  );
}

/** A recipient: a role, a person or a lane's owner, and how they are told. */
function RecipientFields({
  name,
  label,
  laneOptions,
}: {
  name: (string | number)[];
  label: string;
  laneOptions: { value: string; label: string }[];
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'zh';
  const form = Form.useFormInstance();
  const who = Form.useWatch([...name, 'who'], form) ?? 'role';
  return (
    <Space.Compact>
      <Form.Item name={[...name, 'who']} label={label}>
        <Select
          aria-label={`${label} ${t('rules.whoKind')}`}
          style={{ width: 110 }}
          options={(['role', 'person', 'lane'] as const).map((value) => ({
            value,
            label: t(`rules.who.${value}`),
          }))}
        />
      </Form.Item>
      {who === 'lane' ? (
        <Form.Item
          name={[...name, 'laneId']}
          label={t('rules.who.lane')}
          rules={[{ required: true, message: t('rules.required') }]}
        >
          <Select
            aria-label={`${label} ${t('rules.who.lane')}`}
            style={{ width: 160 }}
            options={laneOptions}
          />
        </Form.Item>
      ) : (
        <Form.Item
          name={[...name, 'text']}
          label={t(`rules.who.${who}`)}
          rules={[{ required: true, whitespace: true, message: t('rules.required') }]}
        >
          <Input aria-label={`${label} ${t(`rules.who.${who}`)}`} style={{ width: 160 }} />
        </Form.Item>
      )}
      <Form.Item name={[...name, 'channel']} label={t('rules.channel')}>
        <Select
          aria-label={`${label} ${t('rules.channel')}`}
          style={{ width: 120 }}
          options={CHANNELS.map((value) => ({ value, label: channelName(value, language) }))}
        />
      </Form.Item>
    </Space.Compact>
  );
}
