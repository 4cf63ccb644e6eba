import { BoldOutlined, OrderedListOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { Placeholder } from '@tiptap/extensions';
import { EditorContent, useEditor, useEditorState } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { Button, Space, Tooltip } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { docToSopText, sopTextToDoc } from './sop-rich-text.ts';

/**
 * Only what the manual's every output keeps (Word, print, the stored text):
 * paragraphs, bold, bulleted and numbered lists. Pasted headings, links or
 * italics come in as plain paragraphs and text.
 */
const FORMATS = StarterKit.configure({
  blockquote: false,
  code: false,
  codeBlock: false,
  hardBreak: false,
  heading: false,
  horizontalRule: false,
  italic: false,
  link: false,
  strike: false,
  underline: false,
  trailingNode: false,
});

/**
 * One SOP text (instructions, scripts, exception handling), edited as it will
 * read: bold shows bold, lists show as lists (the toolbar, Ctrl+B, or typing
 * "- " or "1. " at the start of a line). It is stored in the Markdown subset
 * the manual's outputs read (`docToSopText`).
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
  // The text this editor last reported: a `value` different from it came from
  // outside (another version, a reload after a refused save) and replaces the content.
  const reported = useRef(value);
  const editor = useEditor({
    extensions: [FORMATS, Placeholder.configure({ placeholder })],
    content: sopTextToDoc(value),
    editorProps: {
      attributes: {
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-label': label,
        class: 'sop-rich-text',
      },
    },
    onUpdate: ({ editor: changed }) => {
      const text = docToSopText(changed.getJSON());
      reported.current = text;
      onChange(text);
    },
  });
  useEffect(() => {
    if (value === reported.current) return;
    reported.current = value;
    editor.commands.setContent(sopTextToDoc(value), { emitUpdate: false });
  }, [editor, value]);
  const active = useEditorState({
    editor,
    selector: ({ editor: current }) => ({
      bold: current.isActive('bold'),
      bulleted: current.isActive('bulletList'),
      numbered: current.isActive('orderedList'),
    }),
  });
  const tool = (
    name: 'bold' | 'bulleted' | 'numbered',
    icon: React.ReactNode,
    toggle: () => void,
  ) => (
    <Tooltip title={t(`sop.${name}`)}>
      <Button
        icon={icon}
        type={active[name] ? 'primary' : 'default'}
        aria-label={`${label} ${t(`sop.${name}`)}`}
        aria-pressed={active[name]}
        onClick={toggle}
      />
    </Tooltip>
  );
  return (
    <>
      <Space.Compact size="small" style={{ margin: '4px 0' }}>
        {tool('bold', <BoldOutlined />, () => editor.chain().focus().toggleBold().run())}
        {tool('bulleted', <UnorderedListOutlined />, () =>
          editor.chain().focus().toggleBulletList().run(),
        )}
        {tool('numbered', <OrderedListOutlined />, () =>
          editor.chain().focus().toggleOrderedList().run(),
        )}
      </Space.Compact>
      <EditorContent editor={editor} />
    </>
  );
}
