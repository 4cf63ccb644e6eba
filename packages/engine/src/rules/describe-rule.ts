import { formatDurationEstimate } from '../process-model/format-duration-estimate.ts';
import {
  type DurationEstimate,
  displayName,
  type ProcessModel,
} from '../process-model/process-model.ts';
import type { Channel, Escalation, Recipient, Rule, RuleEvent } from './rule.ts';

type Language = 'zh' | 'en';

const CHANNEL_NAMES: Record<Language, Record<Channel, string>> = {
  zh: {
    'in-app': '站内',
    email: '邮件',
    sms: '短信',
    wecom: '企业微信',
    dingtalk: '钉钉',
    feishu: '飞书',
    webhook: 'Webhook',
  },
  en: {
    'in-app': 'in-app',
    email: 'email',
    sms: 'SMS',
    wecom: 'WeCom',
    dingtalk: 'DingTalk',
    feishu: 'Feishu',
    webhook: 'webhook',
  },
};

/** A channel's name: 企业微信, "WeCom". */
export function channelName(channel: Channel, language: Language): string {
  return CHANNEL_NAMES[language][channel];
}

/** Who is told and how: "法务经理（邮件）", "Legal (in-app)"; a lane by its name. */
export function describeRecipient(
  recipient: Recipient,
  model: ProcessModel,
  language: Language,
): string {
  const lane = model.lanes.find((candidate) => candidate.id === recipient.laneId);
  const who =
    recipient.person ??
    recipient.role ??
    (lane ? displayName(lane.name, language) : (recipient.laneId ?? '?'));
  const how = channelName(recipient.channel, language);
  return language === 'zh' ? `${who}（${how}）` : `${who} (${how})`;
}

/**
 * A rule as one sentence people read, in Chinese or English — the rules
 * list of the model page, the SOP manual and the command line say rules this
 * way. Steps by their names, durations as stated ("48 工作小时").
 */
export function describeRule(rule: Rule, model: ProcessModel, language: Language): string {
  const zh = language === 'zh';
  const step = (id: string) => {
    const found = model.steps.find((candidate) => candidate.id === id);
    const name = found ? displayName(found.name, language) : id;
    return zh ? `「${name}」` : `“${name}”`;
  };
  const time = (estimate: DurationEstimate) => formatDurationEstimate(estimate, language);
  const people = (list: readonly Recipient[]) =>
    list.map((recipient) => describeRecipient(recipient, model, language)).join(zh ? '、' : ', ');
  const event = (e: RuleEvent) => {
    switch (e.kind) {
      case 'step-entered':
        return zh ? `进入${step(e.stepId)}` : `entering ${step(e.stepId)}`;
      case 'step-completed':
        return zh ? `${step(e.stepId)}完成` : `${step(e.stepId)} completed`;
      case 'field-changed':
        return zh
          ? `字段「${e.field}」${e.value === undefined ? '变更' : `变为「${e.value}」`}`
          : `field “${e.field}” ${e.value === undefined ? 'changed' : `set to “${e.value}”`}`;
    }
  };
  const chain = (escalations: readonly Escalation[]) =>
    escalations.map((level) =>
      zh
        ? `超过 ${time(level.after)} 升级至 ${people(level.notify)}`
        : `after ${time(level.after)} escalate to ${people(level.notify)}`,
    );
  const sentence = (parts: string[]) => parts.join(zh ? '；' : '; ') + (zh ? '。' : '.');
  switch (rule.kind) {
    case 'hand-off-sla': {
      const answer = rule.until
        ? zh
          ? `${event(rule.until)}须在 ${time(rule.deadline)} 内`
          : `${event(rule.until)} within ${time(rule.deadline)}`
        : zh
          ? `须在 ${time(rule.deadline)} 内响应`
          : `answer within ${time(rule.deadline)}`;
      return sentence([
        zh ? `${event(rule.trigger)}后${answer}` : `On ${event(rule.trigger)}: ${answer}`,
        ...(rule.notify.length > 0
          ? [zh ? `通知 ${people(rule.notify)}` : `notify ${people(rule.notify)}`]
          : []),
        ...chain(rule.escalations),
      ]);
    }
    case 'inactivity-reminder': {
      const stages = rule.stepIds.map(step).join(zh ? '、' : ', ');
      return sentence([
        zh
          ? `在${stages}超过 ${time(rule.idle)} 无跟进：提醒 ${people(rule.notify)}`
          : `No activity for ${time(rule.idle)} in ${stages}: remind ${people(rule.notify)}`,
      ]);
    }
    case 'follow-up-reminder':
      return sentence([
        zh
          ? `${event(rule.after)}后 ${time(rule.due)} 内须跟进${rule.doneBy ? `（${event(rule.doneBy)}）` : ''}，否则提醒 ${people(rule.notify)}`
          : `Follow up within ${time(rule.due)} of ${event(rule.after)}${rule.doneBy ? ` (${event(rule.doneBy)})` : ''}, else remind ${people(rule.notify)}`,
      ]);
    case 'task-on-entry': {
      const { task } = rule;
      const title = displayName(task.title, language);
      return sentence([
        zh
          ? `进入${step(rule.stepId)}时为 ${people([task.assignee])} 创建任务「${title}」${task.deadline ? `，${time(task.deadline)} 内完成` : ''}`
          : `On entering ${step(rule.stepId)}: a task “${title}” for ${people([task.assignee])}${task.deadline ? `, due within ${time(task.deadline)}` : ''}`,
        ...chain(task.escalations ?? []),
      ]);
    }
    case 'stage-gate': {
      const needed = [
        ...rule.requiredFields.map((field) => (zh ? `字段「${field}」` : `field “${field}”`)),
        ...rule.requiredArtifacts.map((artifact) =>
          zh ? `附件「${artifact}」` : `artifact “${artifact}”`,
        ),
      ];
      const when = rule.on === 'enter' ? (zh ? '进入' : 'entering') : zh ? '离开' : 'leaving';
      return sentence([
        zh
          ? `${when}${step(rule.stepId)}前须具备：${needed.join('、') || '（无）'}`
          : `Before ${when} ${step(rule.stepId)}: ${needed.join(', ') || '(nothing)'} required`,
      ]);
    }
    case 'tool-step': {
      const effect =
        rule.effect.kind === 'factor'
          ? zh
            ? `时长 × ${rule.effect.factor}`
            : `duration × ${rule.effect.factor}`
          : zh
            ? `时长变为 ${time(rule.effect.duration)}`
            : `duration becomes ${time(rule.effect.duration)}`;
      return sentence([
        zh
          ? `${step(rule.stepId)}使用 ${rule.tool}：${effect}`
          : `${step(rule.stepId)} done with ${rule.tool}: ${effect}`,
      ]);
    }
  }
}
