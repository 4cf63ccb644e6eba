import { displayName, type ProcessModel } from '@pipewise/engine/process-model';
import { checkGate } from '@pipewise/engine/rules';
import { Alert, Checkbox, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Tries a move of a deal against the version's stage gates: the step it is
 * in, the step it goes to, and what it has (each required field filled or
 * document held); the answer is `checkGate`'s, with the reason a refused
 * move would show.
 */
export function GateTry({ model }: { model: ProcessModel }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'zh';
  const gates = (model.rules ?? []).flatMap((rule) => (rule.kind === 'stage-gate' ? [rule] : []));
  const steps = model.steps
    .filter((step) => step.kind !== 'start' && step.kind !== 'end' && step.kind !== 'decision')
    .map((step) => ({ value: step.id, label: displayName(step.name, language) }));
  const [from, setFrom] = useState<string>();
  const [to, setTo] = useState<string | undefined>(
    gates.find((gate) => gate.on === 'enter')?.stepId,
  );
  const [held, setHeld] = useState<string[]>([]);
  if (gates.length === 0) return null;
  const relevant = gates.filter(
    (gate) =>
      (gate.on === 'enter' && gate.stepId === to) || (gate.on === 'leave' && gate.stepId === from),
  );
  const needed = [
    ...new Set(relevant.flatMap((gate) => [...gate.requiredFields, ...gate.requiredArtifacts])),
  ];
  const check =
    to === undefined
      ? undefined
      : checkGate(
          model,
          {
            ...(from ? { stepId: from } : {}),
            fields: Object.fromEntries(held.map((name) => [name, 'yes'])),
            artifacts: held,
          },
          { to },
        );
  return (
    <div style={{ marginTop: 12 }} data-testid="gate-try">
      <Typography.Text strong>{t('rules.gateTry.title')}</Typography.Text>
      <Typography.Paragraph type="secondary">{t('rules.gateTry.intro')}</Typography.Paragraph>
      <Space wrap>
        <Select
          aria-label={t('rules.gateTry.from')}
          placeholder={t('rules.gateTry.from')}
          allowClear
          style={{ minWidth: 180 }}
          value={from}
          onChange={setFrom}
          options={steps}
        />
        <Select
          aria-label={t('rules.gateTry.to')}
          placeholder={t('rules.gateTry.to')}
          style={{ minWidth: 180 }}
          value={to}
          onChange={setTo}
          options={steps}
        />
      </Space>
      {needed.length > 0 && (
        <div style={{ marginTop: 8 }}>
          <Typography.Text>{t('rules.gateTry.has')} </Typography.Text>
          <Checkbox.Group
            value={held}
            onChange={(values) => setHeld(values as string[])}
            options={needed.map((name) => ({ value: name, label: name }))}
          />
        </div>
      )}
      {check && (
        <Alert
          style={{ marginTop: 8 }}
          showIcon
          type={check.allowed ? 'success' : 'error'}
          title={
            check.allowed
              ? t('rules.gateTry.allowed')
              : check.refusals.map((refusal) => displayName(refusal.reason, language)).join(' · ')
          }
        />
      )}
    </div>
  );
}
