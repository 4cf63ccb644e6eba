/** The roles a member of an organization can have (as the store's `ROLES`). */
export type DemoRole =
  | 'admin'
  | 'process_owner'
  | 'manager'
  | 'sales_rep'
  | 'supporting'
  | 'viewer';

export interface DemoUser {
  email: string;
  name: string;
  role: DemoRole;
  department?: string;
  /** The sales team (`DemoTeam.name`) the user belongs to. */
  team?: string;
}

export interface DemoTeam {
  name: string;
  region: string;
  managerEmail: string;
}

/** Every demo account signs in with this password; the demo is public, so it is no secret. */
export const DEMO_PASSWORD = 'pipewise-demo';

export const DEMO_ORGANIZATION = { name: '示例科技（演示）', slug: 'demo' } as const;

/**
 * One region per team; `slug` names its people's e-mails and `people` are its
 * manager then its reps. People's names are made-up pairings of common
 * family and given names.
 */
const REGIONAL_TEAMS = [
  { region: '华东', slug: 'huadong', people: ['孙志强', '李娜', '张伟', '刘洋'] },
  { region: '华南', slug: 'huanan', people: ['黄海燕', '梁静', '何俊', '罗佳怡'] },
  { region: '华北', slug: 'huabei', people: ['马涛', '杨磊', '高敏', '郭子涵'] },
  { region: '西南', slug: 'xinan', people: ['唐丽', '谢宇航', '宋雨桐', '冯浩然'] },
] as const;

const SALES = '销售部';
const LEGAL = '法务';

export const DEMO_TEAMS: readonly DemoTeam[] = REGIONAL_TEAMS.map(({ region, slug }) => ({
  name: teamName(region),
  region,
  managerEmail: `manager.${slug}@demo.pipewise`,
}));

/**
 * One account per role, to sign in with and see what that role sees (the
 * sales rep is one of 华东's reps, so "my deals" is not empty), then the
 * regional teams, and the legal reviewer who handles 华北's contracts.
 */
export const DEMO_USERS: readonly DemoUser[] = [
  { email: 'admin@demo.pipewise', name: '郑国栋', role: 'admin', department: '信息技术部' },
  { email: 'owner@demo.pipewise', name: '林晓雯', role: 'process_owner', department: '销售运营部' },
  { email: 'manager@demo.pipewise', name: '王建国', role: 'manager', department: SALES },
  {
    email: 'rep@demo.pipewise',
    name: '陈思远',
    role: 'sales_rep',
    department: SALES,
    team: teamName('华东'),
  },
  { email: 'legal@demo.pipewise', name: '周雅琴', role: 'supporting', department: LEGAL },
  { email: 'viewer@demo.pipewise', name: '赵明', role: 'viewer', department: '总经办' },
  ...REGIONAL_TEAMS.flatMap(({ region, slug, people: [manager, ...reps] }): DemoUser[] => [
    {
      email: `manager.${slug}@demo.pipewise`,
      name: manager,
      role: 'manager',
      department: SALES,
      team: teamName(region),
    },
    ...reps.map(
      (name, k): DemoUser => ({
        email: `rep.${slug}${k + 1}@demo.pipewise`,
        name,
        role: 'sales_rep',
        department: SALES,
        team: teamName(region),
      }),
    ),
  ]),
  { email: 'legal.huabei@demo.pipewise', name: '韩文', role: 'supporting', department: LEGAL },
];

/** 华东 → 华东区销售组. */
function teamName(region: string): string {
  return `${region}区销售组`;
}
