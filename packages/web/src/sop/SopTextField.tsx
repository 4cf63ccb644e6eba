import { BoldOutlined, OrderedListOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { Button, Input, Space, Tooltip } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { type TextSelection, toggleBold, toggleList } from './sop-text-edit.ts';

/**
 * One SOP text (instructions, scripts, exception handling): a text area with
 * a toolbar for bold and lists. The text keeps its markup (`**bold**`,
 * `- `, `1. `), which the manual below shows formatted, as Word does.
 */
export function SopTextField({
  label,
  value,
  placeholder,
  onChange,
}: {
  label: string;
  value: string;
  placeholder: string;
  onChange: (text: string) => void;
}) {
  const { t } = useTranslation();
  const area = useRef<TextAreaRef>(null);
  const apply = (change: (selection: TextSelection) => TextSelection) => {
    const element = area.current?.resizableTextArea?.textArea;
    const start = element?.selectionStart ?? value.length;
    const end = element?.selectionEnd ?? value.length;
    const next = change({ text: value, start, end });
    onChange(next.text);
    // The selection follows the change once the new text is in.
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(next.start, next.end);
    });
  };
  return (
    <>
      <Space.Compact size="small" style={{ margin: '4px 0' }}>
        <Tooltip title={t('sop.bold')}>
          <Button
            icon={<BoldOutlined />}
            aria-label={`${label} ${t('sop.bold')}`}
            onClick={() => apply(toggleBold)}
          />
        </Tooltip>
        <Tooltip title={t('sop.bulleted')}>
          <Button
            icon={<UnorderedListOutlined />}
            aria-label={`${label} ${t('sop.bulleted')}`}
            onClick={() => apply((selection) => toggleList(selection, 'bulleted'))}
          />
        </Tooltip>
        <Tooltip title={t('sop.numbered')}>
          <Button
            icon={<OrderedListOutlined />}
            aria-label={`${label} ${t('sop.numbered')}`}
            onClick={() => apply((selection) => toggleList(selection, 'numbered'))}
          />
        </Tooltip>
      </Space.Compact>
      <Input.TextArea
        ref={area}
        aria-label={label}
        autoSize={{ minRows: 2, maxRows: 10 }}
        maxLength={20_000}
        placeholder={placeholder}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    </>
  );
}
