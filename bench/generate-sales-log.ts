import { parseArgs } from 'node:util';
import { SeededRandom } from '@pipewise/engine';
import { BufferedFile } from './buffered-file.ts';
import { EVENT_STRIDE, EventsByDay } from './events-by-day.ts';
import { daysFromCivil, formatCivilDate, SECONDS_PER_DAY } from './format-timestamp.ts';
import { buildSalesOrganisation, type SalesOrganisation } from './sales-organisation.ts';
import {
  CLOSED_LOST,
  CLOSED_WON,
  CONTRACT_REVIEW,
  chooseNextStage,
  type DealProfile,
  isClosedStage,
  isRework,
  type Language,
  LEAD,
  STAGE_LABELS,
  sampleStepSeconds,
} from './sales-process.ts';
import {
  dayOfWeekFromMonday,
  moveIntoWorkingHours,
  WORKING_SECONDS_PER_DAY,
  wallSecondsAtWorkingOffset,
} from './working-hours.ts';

/**
 * Writes a synthetic B2B sales event log (one row per stage change of an
 * opportunity, rows in time order as a CRM export sorted by time) and a case
 * file (one row per opportunity), deterministically from a seed.
 *
 * Run: npx node bench/generate-sales-log.ts --cases 100000 --seed 1 \
 *        --language english --events-out events.csv --cases-out cases.csv
 */
export interface SalesLogOptions {
  caseCount: number;
  seed: number;
  /** Header style; also the language of stage, team, region and person names. */
  language: Language;
  eventsPath: string;
  casesPath: string;
  /** About 10 teams of about 20 reps, as a mid-sized B2B sales organisation. */
  teamCount?: number;
  averageRepsPerTeam?: number;
  /** A Monday, `YYYY-MM-DD`: the first day opportunities may start. */
  firstDay?: string;
  /** Opportunities start spread over this many weeks; the export is taken right after. */
  weeks?: number;
  /** Index of the team whose contracts wait for legal review without a deadline. */
  slowContractReviewTeam?: number;
  /** Start both files with a UTF-8 byte order mark, as Excel's "CSV UTF-8" does. */
  hasByteOrderMark?: boolean;
  lineEnding?: '\n' | '\r\n';
}

export interface SalesLogSummary {
  eventCount: number;
  caseCount: number;
  wonCount: number;
  lostCount: number;
  /** Opportunities without a Closed event at export time. */
  openCount: number;
  eventsBytes: number;
  casesBytes: number;
}

/** What the defaults produce per opportunity on average (measured: 9.9–10.1 over seeds). */
export const APPROXIMATE_EVENTS_PER_CASE = 10;

const DEFAULTS = {
  teamCount: 10,
  averageRepsPerTeam: 20,
  firstDay: '2023-01-02',
  weeks: 104,
  slowContractReviewTeam: 1,
  hasByteOrderMark: false,
  lineEnding: '\n',
} as const;

const HEADERS: Readonly<Record<Language, { events: string; cases: string }>> = {
  english: {
    events: 'case_id,activity,timestamp,resource',
    cases: 'case_id,team,region,amount,owner,outcome',
  },
  chinese: {
    events: '商机编号,阶段,时间,负责人',
    cases: '商机编号,团队,区域,金额,负责人,结果',
  },
};

const CASE_ID_PREFIX: Readonly<Record<Language, string>> = { english: 'OPP-', chinese: 'SJ-' };

/** Outcome labels in the case file: won, lost, still open. */
const OUTCOME_LABELS: Readonly<Record<Language, readonly [string, string, string]>> = {
  english: ['Closed Won', 'Closed Lost', 'Open'],
  chinese: ['赢单', '输单', '进行中'],
};

/** Deal sizes in yuan: median 150 000, long tail; a few million-yuan deals. */
const AMOUNT_MEDIAN = 150_000;
const AMOUNT_SIGMA = 1;
const AMOUNT_MINIMUM = 5_000;

/** Share of stage updates entered by a teammate covering for the owner. */
const COVERING_TEAMMATE_SHARE = 0.06;
/** Share of contract reviews done by finance (payment terms) rather than legal. */
const FINANCE_REVIEW_SHARE = 0.3;
/** Recording a stage change takes at least a minute, so a case never has two events in one second. */
const MINIMUM_STEP_SECONDS = 60;

export function generateSalesLog(options: SalesLogOptions): SalesLogSummary {
  const settings = { ...DEFAULTS, ...options };
  const random = new SeededRandom(settings.seed);
  const organisation = buildSalesOrganisation(settings, random);
  const firstDayNumber = parseMonday(settings.firstDay);
  const exportWallSeconds = (firstDayNumber + settings.weeks * 7) * SECONDS_PER_DAY;
  const workingSecondsPerCase = (settings.weeks * 5 * WORKING_SECONDS_PER_DAY) / settings.caseCount;
  const rowFormat = prepareRowFormat(settings, organisation);

  const bom = settings.hasByteOrderMark ? '\uFEFF' : '';
  const eventsFile = new BufferedFile(settings.eventsPath);
  const casesFile = new BufferedFile(settings.casesPath);
  eventsFile.writeText(bom + HEADERS[settings.language].events + settings.lineEnding);
  casesFile.writeText(bom + HEADERS[settings.language].cases + settings.lineEnding);
  const events = new TimeOrderedEventWriter(eventsFile, rowFormat, firstDayNumber);
  const outcomeCounts = [0, 0, 0];

  for (let caseNumber = 1; caseNumber <= settings.caseCount; caseNumber++) {
    // Stratified start times: one case per equal slice of working time, at a
    // random point inside its slice, so starts are spread evenly and sorted.
    const workingOffset = (caseNumber - 1 + random.nextFloat()) * workingSecondsPerCase;
    const startWallSeconds = wallSecondsAtWorkingOffset(firstDayNumber, workingOffset);
    events.writeDaysBefore(Math.floor(startWallSeconds / SECONDS_PER_DAY) - firstDayNumber);

    const owner = random.pick(organisation.allReps);
    const team = organisation.teamOfResource[owner]!;
    const deal: DealProfile = {
      amount: drawAmount(random),
      hasSlowContractReview: team === settings.slowContractReviewTeam,
    };
    const lastStage = simulateOpportunity(
      { caseNumber, startWallSeconds, exportWallSeconds, firstDayNumber, owner, deal },
      organisation,
      random,
      events.pending,
    );
    const outcome = lastStage === CLOSED_WON ? 0 : lastStage === CLOSED_LOST ? 1 : 2;
    outcomeCounts[outcome]!++;
    const row = [
      formatCaseId(caseNumber, rowFormat),
      organisation.teams[team]!.name,
      organisation.teams[team]!.region,
      deal.amount,
      organisation.resourceNames[owner],
      OUTCOME_LABELS[settings.language][outcome],
    ];
    casesFile.writeText(row.join(',') + settings.lineEnding);
  }
  events.writeDaysBefore(events.pending.dayCount);

  return {
    eventCount: events.eventCount,
    caseCount: settings.caseCount,
    wonCount: outcomeCounts[0]!,
    lostCount: outcomeCounts[1]!,
    openCount: outcomeCounts[2]!,
    eventsBytes: eventsFile.close(),
    casesBytes: casesFile.close(),
  };
}

/** Writes the pending events day by day, each day once it can no longer change. */
class TimeOrderedEventWriter {
  readonly pending = new EventsByDay();
  eventCount = 0;
  private nextDayIndex = 0;
  private readonly file: BufferedFile;
  private readonly format: RowFormat;
  private readonly firstDayNumber: number;

  constructor(file: BufferedFile, format: RowFormat, firstDayNumber: number) {
    this.file = file;
    this.format = format;
    this.firstDayNumber = firstDayNumber;
  }

  /** Call when no event before `dayIndex` can still be added: every later case starts on or after it. */
  writeDaysBefore(dayIndex: number): void {
    for (; this.nextDayIndex < dayIndex; this.nextDayIndex++) {
      const dayNumber = this.firstDayNumber + this.nextDayIndex;
      const events = this.pending.takeDay(this.nextDayIndex);
      this.eventCount += writeDay(this.file, events, dayNumber, this.format);
    }
  }
}

interface OpportunityStart {
  caseNumber: number;
  startWallSeconds: number;
  /** Events after this moment have not happened yet when the CRM is exported. */
  exportWallSeconds: number;
  firstDayNumber: number;
  owner: number;
  deal: DealProfile;
}

/**
 * Walks one opportunity from Lead until it closes or the export moment comes
 * first (then it stays open), adding its events to `pending`. Returns the last
 * stage reached.
 */
function simulateOpportunity(
  start: OpportunityStart,
  organisation: SalesOrganisation,
  random: SeededRandom,
  pending: EventsByDay,
): number {
  let stage = LEAD;
  let wallSeconds = start.startWallSeconds;
  let reworkRounds = 0;
  addEvent(pending, start, wallSeconds, LEAD, start.owner);
  while (!isClosedStage(stage)) {
    const next = chooseNextStage(stage, start.deal, reworkRounds, random);
    const stepSeconds = Math.max(
      MINIMUM_STEP_SECONDS,
      sampleStepSeconds(stage, next, start.deal, random),
    );
    wallSeconds = moveIntoWorkingHours(wallSeconds + stepSeconds, random);
    if (wallSeconds >= start.exportWallSeconds) return stage;
    if (isRework(stage, next)) reworkRounds++;
    addEvent(pending, start, wallSeconds, next, chooseResource(next, start, organisation, random));
    stage = next;
  }
  return stage;
}

function addEvent(
  pending: EventsByDay,
  start: OpportunityStart,
  wallSeconds: number,
  stage: number,
  resource: number,
): void {
  const dayNumber = Math.floor(wallSeconds / SECONDS_PER_DAY);
  pending.add(
    dayNumber - start.firstDayNumber,
    wallSeconds - dayNumber * SECONDS_PER_DAY,
    start.caseNumber,
    stage,
    resource,
  );
}

/**
 * Who records the stage change: the owner, sometimes a teammate covering for
 * them; contract review is done by a legal or finance reviewer, and the slow
 * team's contracts all go to its own legal counsel, who has no deadline.
 */
function chooseResource(
  stage: number,
  start: OpportunityStart,
  organisation: SalesOrganisation,
  random: SeededRandom,
): number {
  if (stage === CONTRACT_REVIEW) {
    if (start.deal.hasSlowContractReview) return organisation.unhurriedLegalReviewer;
    return random.isBelow(FINANCE_REVIEW_SHARE)
      ? random.pick(organisation.financeReviewers)
      : random.pick(organisation.legalReviewers);
  }
  if (random.isBelow(COVERING_TEAMMATE_SHARE)) {
    const team = organisation.teams[organisation.teamOfResource[start.owner]!]!;
    return random.pick(team.reps);
  }
  return start.owner;
}

function drawAmount(random: SeededRandom): number {
  const amount = random.nextLogNormal(AMOUNT_MEDIAN, AMOUNT_SIGMA);
  return Math.max(AMOUNT_MINIMUM, Math.round(amount / 100) * 100);
}

/** Everything a row is made of, encoded to UTF-8 once. */
interface RowFormat {
  caseIdPrefix: string;
  caseIdPrefixBytes: Uint8Array;
  caseIdWidth: number;
  stageLabelBytes: readonly Uint8Array[];
  resourceNameBytes: readonly Uint8Array[];
  newlineBytes: Uint8Array;
  /** No row is longer: what to reserve in the buffer before writing one. */
  maxRowBytes: number;
}

function prepareRowFormat(
  settings: { language: Language; caseCount: number; lineEnding: string },
  organisation: SalesOrganisation,
): RowFormat {
  const encode = (text: string) => Buffer.from(text, 'utf8');
  const longest = (items: readonly Uint8Array[]) => Math.max(...items.map((item) => item.length));
  const caseIdPrefix = CASE_ID_PREFIX[settings.language];
  const caseIdPrefixBytes = encode(caseIdPrefix);
  const caseIdWidth = Math.max(6, String(settings.caseCount).length);
  const stageLabelBytes = STAGE_LABELS[settings.language].map(encode);
  const resourceNameBytes = organisation.resourceNames.map(encode);
  const newlineBytes = encode(settings.lineEnding);
  const timestampBytes = 'YYYY-MM-DD HH:mm:ss'.length;
  return {
    caseIdPrefix,
    caseIdPrefixBytes,
    caseIdWidth,
    stageLabelBytes,
    resourceNameBytes,
    newlineBytes,
    maxRowBytes:
      caseIdPrefixBytes.length +
      caseIdWidth +
      longest(stageLabelBytes) +
      timestampBytes +
      longest(resourceNameBytes) +
      newlineBytes.length +
      3, // the commas
  };
}

function formatCaseId(caseNumber: number, format: RowFormat): string {
  return format.caseIdPrefix + String(caseNumber).padStart(format.caseIdWidth, '0');
}

const COMMA = 44;
const SPACE = 32;
const COLON = 58;

/**
 * Writes one day's events (already in time order) as CSV rows; returns how
 * many. Hot path: bytes and digits go straight into the file's buffer, the
 * date is encoded once per day, and no field needs quoting (no generated
 * value holds a comma, quote or line break).
 */
function writeDay(
  file: BufferedFile,
  events: readonly number[],
  dayNumber: number,
  format: RowFormat,
): number {
  if (events.length === 0) return 0;
  const dateBytes = Buffer.from(formatCivilDate(dayNumber), 'latin1');
  for (let i = 0; i < events.length; i += EVENT_STRIDE) {
    const secondOfDay = events[i]!;
    file.reserve(format.maxRowBytes);
    file.putBytes(format.caseIdPrefixBytes);
    file.putZeroPadded(events[i + 1]!, format.caseIdWidth);
    file.putByte(COMMA);
    file.putBytes(format.stageLabelBytes[events[i + 2]!]!);
    file.putByte(COMMA);
    file.putBytes(dateBytes);
    file.putByte(SPACE);
    file.putZeroPadded(Math.floor(secondOfDay / 3600), 2);
    file.putByte(COLON);
    file.putZeroPadded(Math.floor(secondOfDay / 60) % 60, 2);
    file.putByte(COLON);
    file.putZeroPadded(secondOfDay % 60, 2);
    file.putByte(COMMA);
    file.putBytes(format.resourceNameBytes[events[i + 3]!]!);
    file.putBytes(format.newlineBytes);
  }
  return events.length / EVENT_STRIDE;
}

function parseMonday(isoDate: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) throw new Error(`firstDay must be YYYY-MM-DD, got ${isoDate}`);
  const dayNumber = daysFromCivil(Number(match[1]), Number(match[2]), Number(match[3]));
  if (dayOfWeekFromMonday(dayNumber) !== 0) throw new Error(`firstDay ${isoDate} is not a Monday`);
  return dayNumber;
}

function parseCommandLine(argv: readonly string[]): SalesLogOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      cases: { type: 'string', default: '100000' },
      seed: { type: 'string', default: '1' },
      language: { type: 'string', default: 'english' },
      'events-out': { type: 'string' },
      'cases-out': { type: 'string' },
      teams: { type: 'string' },
      'reps-per-team': { type: 'string' },
      bom: { type: 'boolean', default: false },
      crlf: { type: 'boolean', default: false },
    },
  });
  const language = values.language;
  if (language !== 'english' && language !== 'chinese') {
    throw new Error(`--language must be english or chinese, got ${language}`);
  }
  if (!values['events-out'] || !values['cases-out']) {
    throw new Error('--events-out and --cases-out are required');
  }
  return {
    caseCount: parsePositiveInteger('--cases', values.cases),
    seed: parsePositiveInteger('--seed', values.seed),
    language,
    eventsPath: values['events-out'],
    casesPath: values['cases-out'],
    ...(values.teams ? { teamCount: parsePositiveInteger('--teams', values.teams) } : {}),
    ...(values['reps-per-team']
      ? { averageRepsPerTeam: parsePositiveInteger('--reps-per-team', values['reps-per-team']) }
      : {}),
    hasByteOrderMark: values.bom,
    lineEnding: values.crlf ? '\r\n' : '\n',
  };
}

function parsePositiveInteger(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new Error(`${flag} must be a positive integer, got ${text}`);
  }
  return value;
}

if (import.meta.main) {
  const startedMs = performance.now();
  const summary = generateSalesLog(parseCommandLine(process.argv.slice(2)));
  const seconds = ((performance.now() - startedMs) / 1000).toFixed(1);
  console.log(JSON.stringify({ ...summary, seconds: Number(seconds) }));
}
