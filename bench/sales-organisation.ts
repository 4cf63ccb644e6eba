import type { SeededRandom } from '@pipewise/engine';
import type { Language } from './sales-process.ts';

/**
 * The people behind a generated log: sales teams of reps, each team in a
 * region, and the legal and finance reviewers who handle contract review.
 * Everyone is a resource index into `resourceNames`.
 */
export interface SalesTeam {
  name: string;
  region: string;
  /** Resource indexes of the team's reps. */
  reps: readonly number[];
}

export interface SalesOrganisation {
  teams: readonly SalesTeam[];
  resourceNames: readonly string[];
  /** Team index of every rep's resource index; -1 for reviewers. */
  teamOfResource: Int32Array;
  /** Resource indexes of all reps, in team order: owners are drawn from here. */
  allReps: readonly number[];
  legalReviewers: readonly number[];
  financeReviewers: readonly number[];
  /** Reviews the slow team's contracts, with no deadline. Not in `legalReviewers`. */
  unhurriedLegalReviewer: number;
}

export interface OrganisationShape {
  language: Language;
  teamCount: number;
  averageRepsPerTeam: number;
}

const REGIONS: Readonly<Record<Language, readonly string[]>> = {
  chinese: ['华东', '华北', '华南', '西南', '华中', '西北', '东北'],
  english: ['East', 'North', 'South', 'Southwest', 'Central', 'Northwest', 'Northeast'],
};

const CHINESE_ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

const LEGAL_REVIEWER_COUNT = 3;
const FINANCE_REVIEWER_COUNT = 3;

/** Common family and given names, space-separated to keep the lists short. */
const CHINESE_FAMILY_NAMES =
  '王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 林 罗 高 郑 梁 谢 宋 唐 许 韩 冯 邓 曹';

const FAMILY_NAMES: Readonly<Record<Language, readonly string[]>> = {
  chinese: CHINESE_FAMILY_NAMES.split(' '),
  english: (
    'Smith Johnson Williams Brown Jones Garcia Miller Davis Martin Lopez ' +
    'Wilson Anderson Thomas Taylor Moore Jackson Lee Perez White Harris ' +
    'Clark Lewis Walker Young Allen King Wright Scott Green Baker Adams ' +
    'Nelson Hill Campbell Mitchell Roberts Carter Phillips Evans Turner'
  ).split(' '),
};

const GIVEN_NAMES: Readonly<Record<Language, readonly string[]>> = {
  chinese: (
    '伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀英 霞 平 ' +
    '刚 桂英 建华 文 华 红 志强 海燕 晓明 丹 鹏 辉 玲 浩然 子涵 欣怡 宇航 思远 雨桐 嘉怡'
  ).split(' '),
  english: (
    'James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth ' +
    'William Barbara Richard Susan Joseph Jessica Thomas Sarah Charles ' +
    'Karen Daniel Lisa Matthew Nancy Anthony Sandra Mark Ashley Steven ' +
    'Emily Paul Michelle Andrew Amanda Kevin Melissa Brian Laura Wei Mei'
  ).split(' '),
};

/** Distinct person names, drawn without repetition from family × given name. */
export function drawPersonNames(language: Language, count: number, random: SeededRandom): string[] {
  const families = FAMILY_NAMES[language];
  const givens = GIVEN_NAMES[language];
  if (count > families.length * givens.length) {
    throw new Error(`cannot name ${count} people: at most ${families.length * givens.length}`);
  }
  const combinations: string[] = [];
  for (const family of families) {
    for (const given of givens) {
      combinations.push(language === 'chinese' ? family + given : `${given} ${family}`);
    }
  }
  return random.shuffle(combinations).slice(0, count);
}

/**
 * 华东区销售组 when a region has one team, 华东区销售一组, 华东区销售二组 … when it
 * has several; in English East Sales, East Sales 2 ….
 */
export function nameTeam(
  language: Language,
  region: string,
  ordinalInRegion: number,
  teamsInRegion: number,
): string {
  if (language === 'chinese') {
    const ordinal =
      teamsInRegion > 1 ? (CHINESE_ORDINALS[ordinalInRegion] ?? ordinalInRegion + 1) : '';
    return `${region}区销售${ordinal}组`;
  }
  return ordinalInRegion === 0 ? `${region} Sales` : `${region} Sales ${ordinalInRegion + 1}`;
}

/** Team sizes vary ±20 % around the average, so some teams carry more deals than others. */
function drawTeamSize(averageRepsPerTeam: number, random: SeededRandom): number {
  return Math.max(1, Math.round(averageRepsPerTeam * (0.8 + 0.4 * random.nextFloat())));
}

export function buildSalesOrganisation(
  shape: OrganisationShape,
  random: SeededRandom,
): SalesOrganisation {
  const regions = REGIONS[shape.language];
  const teamSizes = Array.from({ length: shape.teamCount }, () =>
    drawTeamSize(shape.averageRepsPerTeam, random),
  );
  const repCount = teamSizes.reduce((sum, size) => sum + size, 0);
  const reviewerCount = LEGAL_REVIEWER_COUNT + FINANCE_REVIEWER_COUNT + 1;
  const resourceNames = drawPersonNames(shape.language, repCount + reviewerCount, random);
  const teamOfResource = new Int32Array(resourceNames.length).fill(-1);

  const teams: SalesTeam[] = [];
  const allReps: number[] = [];
  for (let t = 0; t < shape.teamCount; t++) {
    const regionIndex = t % regions.length;
    const teamsInRegion = Math.ceil((shape.teamCount - regionIndex) / regions.length);
    const region = regions[regionIndex]!;
    const reps: number[] = [];
    for (let r = 0; r < teamSizes[t]!; r++) {
      const resource = allReps.length;
      reps.push(resource);
      allReps.push(resource);
      teamOfResource[resource] = t;
    }
    const name = nameTeam(shape.language, region, Math.floor(t / regions.length), teamsInRegion);
    teams.push({ name, region, reps });
  }

  const firstReviewer = repCount;
  const legalReviewers = range(firstReviewer, LEGAL_REVIEWER_COUNT);
  const financeReviewers = range(firstReviewer + LEGAL_REVIEWER_COUNT, FINANCE_REVIEWER_COUNT);
  const unhurriedLegalReviewer = firstReviewer + LEGAL_REVIEWER_COUNT + FINANCE_REVIEWER_COUNT;
  return {
    teams,
    resourceNames,
    teamOfResource,
    allReps,
    legalReviewers,
    financeReviewers,
    unhurriedLegalReviewer,
  };
}

function range(first: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => first + i);
}
