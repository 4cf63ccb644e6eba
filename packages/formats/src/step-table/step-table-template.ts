/** The template's columns in order, with what to write in each (en, zh). */
const TEMPLATE_COLUMNS: { en: string; zh: string; helpEn: string; helpZh: string }[] = [
  {
    en: 'Order',
    zh: '序号',
    helpEn: "The step's place in time: 1, 2, 3…",
    helpZh: '环节的先后顺序：1、2、3…',
  },
  {
    en: 'Step',
    zh: '环节',
    helpEn: 'What is done, e.g. "Contract approval"',
    helpZh: '做什么，例如"合同审批"',
  },
  {
    en: 'Owner',
    zh: '负责人',
    helpEn: 'The role that does it (one swimlane per owner)',
    helpZh: '负责的角色（每个负责人一条泳道）',
  },
  { en: 'Department', zh: '部门', helpEn: "The owner's department", helpZh: '负责人所在部门' },
  {
    en: 'Inputs',
    zh: '输入',
    helpEn: 'What the step needs, separated by commas',
    helpZh: '需要的输入物，用逗号或顿号分隔',
  },
  {
    en: 'Outputs',
    zh: '输出',
    helpEn: 'What it produces, separated by commas',
    helpZh: '产出的输出物，用逗号或顿号分隔',
  },
  {
    en: 'Systems',
    zh: '系统',
    helpEn: 'Systems used: CRM, ERP, e-mail, Excel…',
    helpZh: '使用的系统：CRM、ERP、邮件、Excel…',
  },
  {
    en: 'Estimated duration',
    zh: '预计耗时',
    helpEn: '"3 working days", "48h", "30 min", "2-3 days"',
    helpZh: '"3个工作日"、"48小时"、"30分钟"、"2-3天"',
  },
  {
    en: 'Kind',
    zh: '类型',
    helpEn:
      'task, approval, hand-off, wait, decision or subprocess (guessed from the name when empty)',
    helpZh: '任务、审批、交接、等待、判断或子流程（留空则按名称推断）',
  },
  {
    en: 'Next',
    zh: '下一步',
    helpEn: 'Order numbers or names of the following steps, or "end" (empty: the next row)',
    helpZh: '后续环节的序号或名称，或"结束"（留空：下一行）',
  },
  {
    en: 'Pain points',
    zh: '痛点',
    helpEn: 'What goes wrong here: delays, complaints, re-typing, unclear hand-offs',
    helpZh: '这里的问题：拖延、客户投诉、重复录入、交接不清',
  },
  { en: 'Notes', zh: '备注', helpEn: 'Anything else', helpZh: '其他说明' },
];

/**
 * An empty step table for people to fill in (in Excel or WPS) and import
 * with `pipewise model from-table`: its header row in the chosen language,
 * as CSV with a byte-order mark (so Excel opens Chinese headers correctly).
 */
export function stepTableTemplateCsv(language: 'zh' | 'en'): string {
  return `\ufeff${TEMPLATE_COLUMNS.map((column) => column[language]).join(',')}\r\n`;
}

/**
 * The same template as an Excel workbook: the header row (bold, frozen) on
 * the first sheet, and a second sheet saying what goes in each column.
 */
export async function stepTableTemplateXlsx(language: 'zh' | 'en'): Promise<Uint8Array> {
  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
  const sheet = workbook.addWorksheet(language === 'zh' ? '环节清单' : 'Steps', {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = TEMPLATE_COLUMNS.map((column) => ({
    header: column[language],
    width: Math.max(12, column[language].length * (language === 'zh' ? 3 : 1.3)),
  }));
  sheet.getRow(1).font = { bold: true };
  const help = workbook.addWorksheet(language === 'zh' ? '填写说明' : 'Instructions');
  help.columns = [
    { header: language === 'zh' ? '列' : 'Column', width: 20 },
    { header: language === 'zh' ? '填写内容' : 'What to write', width: 80 },
  ];
  help.getRow(1).font = { bold: true };
  for (const column of TEMPLATE_COLUMNS) {
    help.addRow([column[language], language === 'zh' ? column.helpZh : column.helpEn]);
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
