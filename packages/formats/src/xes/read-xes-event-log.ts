import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { type EventLog, EventLogBuilder, type TimeZone } from '@pipewise/engine';
import type { ImportReport } from '../csv/read-csv-event-log.ts';
import { type InputError, InputFailure, type ReadResult } from '../input-error/index.ts';
import { parseTimestampText, TIMESTAMP_FORMATS } from '../timestamp/index.ts';
import { attributeValue, XmlScanner, XmlSyntaxError } from '../xml/scan-xml.ts';

export interface XesReadOptions {
  /** Zone for timestamps without an offset (XES dates normally carry one). */
  timeZone: TimeZone;
  /** The event attribute that names the resource: `org:resource` by default, `org:group` for departments. */
  resourceKey?: string;
  /** Event attributes kept as case attributes (the value on the case's latest event that has one). */
  eventAttributes?: string[];
  /**
   * Which lifecycle transitions are events: `complete` (default) keeps events
   * whose `lifecycle:transition` is complete, or that have none; `all` keeps
   * every event.
   */
  lifecycle?: 'complete' | 'all';
  skipInvalid?: boolean;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /**
   * The most bytes a `.xes.gz` may expand to (a server's guard against
   * decompression bombs); unlimited when absent.
   */
  maxUncompressedBytes?: number;
}

/** XES attribute elements whose `value` is a single value (containers and lists hold others). */
const VALUE_TAGS = new Set(['string', 'date', 'int', 'float', 'boolean', 'id']);
const SKIPPED_EXAMPLES = 5;

/**
 * Reads an XES event log (IEEE 1849), plain or gzip-compressed, streaming:
 * a trace is a case (`concept:name`), an event gives the activity
 * (`concept:name`), the time (`time:timestamp`) and the resource
 * (`org:resource`); the trace's other attributes become case attributes.
 * XML entity declarations are refused (no expansion, so no billion laughs).
 * All or nothing, like the CSV reader.
 */
export async function readXesEventLogFile(
  path: string,
  size: number,
  options: XesReadOptions,
): Promise<ReadResult<{ log: EventLog; report: ImportReport }>> {
  const builder = new EventLogBuilder(Math.max(1024, size / 400));
  const state = new XesState(path, builder, options);
  const parser = new XmlScanner({
    open: (name, attributes, line) => state.open(name, attributes, line),
    close: (name, line) => state.close(name, line),
  });
  try {
    const isGzip = await startsWithGzipMagic(path);
    const file = createReadStream(path, { highWaterMark: 1 << 20 });
    let bytesRead = 0;
    file.on('data', (chunk) => {
      bytesRead += chunk.length;
      options.onProgress?.(bytesRead, size);
    });
    const stream = isGzip ? file.pipe(createGunzip({ chunkSize: 1 << 20 })) : file;
    const decoder = new TextDecoder();
    try {
      let expanded = 0;
      for await (const chunk of stream as AsyncIterable<Uint8Array>) {
        expanded += chunk.length;
        if (options.maxUncompressedBytes !== undefined && expanded > options.maxUncompressedBytes) {
          throw new InputFailure({
            reason: 'too-large-uncompressed',
            file: path,
            value: `more than ${options.maxUncompressedBytes} bytes`,
            expected: 'a smaller file, or one sent uncompressed',
          });
        }
        parser.write(decoder.decode(chunk, { stream: true }));
      }
    } catch (error) {
      if (error instanceof InputFailure || error instanceof XmlSyntaxError) throw error;
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (isGzip && code.startsWith('Z_')) {
        throw new InputFailure({
          reason: 'corrupt-gzip',
          file: path,
          value: code,
          expected: 'a complete .gz file',
        });
      }
      throw error;
    } finally {
      file.destroy();
    }
    parser.write(decoder.decode());
    parser.close();
    if (!state.hasLog) {
      throw new InputFailure({
        reason: 'malformed-xml',
        file: path,
        expected: 'an XES file with a <log> element',
      });
    }
    const log = builder.build();
    const report: ImportReport = {
      file: path,
      format: isGzip ? 'xes.gz' : 'xes',
      encoding: 'utf-8',
      delimiter: '',
      preset: 'xes',
      columns: {
        case: 'trace concept:name',
        activity: 'concept:name',
        timestamp: 'time:timestamp',
        resource: options.resourceKey ?? 'org:resource',
        caseAttributes: [...state.caseAttributeNames],
      },
      timeZone: options.timeZone.name,
      rows: state.events,
      filteredRows: state.lifecycleSkipped,
      skipped: state.skipped,
    };
    return { ok: true, log, report };
  } catch (error) {
    if (error instanceof InputFailure) return { ok: false, error: error.detail };
    if (error instanceof XmlSyntaxError) {
      return {
        ok: false,
        error:
          error.kind === 'entities'
            ? {
                reason: 'entities-not-allowed',
                file: path,
                line: error.line,
                expected: 'an XES file without entity declarations',
              }
            : {
                reason: 'malformed-xml',
                file: path,
                line: error.line,
                value: error.message,
                expected: 'a well-formed XES (XML) file',
              },
      };
    }
    throw error;
  }
}

/** One event as read, before it joins the log. */
interface XesEvent {
  activity?: string;
  timestamp?: string;
  resource?: string;
  lifecycle?: string;
  /** When it started: its `start` event's time, or a `start_timestamp` attribute. */
  start?: string;
  /** Values of the event attributes kept as case attributes. */
  attributes?: [string, string][];
  line: number;
}

/** Reads the XES element tree as it streams by; no element is kept once closed. */
class XesState {
  hasLog = false;
  events = 0;
  lifecycleSkipped = 0;
  readonly skipped = { rows: 0, examples: [] as InputError[] };
  readonly caseAttributeNames = new Set<string>();
  private readonly file: string;
  private readonly builder: EventLogBuilder;
  private readonly options: XesReadOptions;
  /** Element names from the root down to the current element. */
  private readonly path: string[] = [];
  private traceLine = 0;
  private caseId: string | undefined;
  private traceAttributes: [string, string][] = [];
  private pendingEvents: XesEvent[] = [];
  private event: XesEvent | undefined;

  private readonly keptEventAttributes: Set<string>;

  constructor(file: string, builder: EventLogBuilder, options: XesReadOptions) {
    this.keptEventAttributes = new Set(options.eventAttributes ?? []);
    this.file = file;
    this.builder = builder;
    this.options = options;
  }

  open(name: string, attributes: readonly string[], line: number): void {
    const parent = this.path[this.path.length - 1];
    this.path.push(name);
    if (name === 'log' && this.path.length === 1) this.hasLog = true;
    else if (name === 'trace' && parent === 'log') {
      this.traceLine = line;
      this.caseId = undefined;
      this.traceAttributes = [];
      this.pendingEvents = [];
    } else if (name === 'event' && parent === 'trace') {
      this.event = { line };
    } else if (VALUE_TAGS.has(name)) {
      const key = attributeValue(attributes, 'key');
      const value = attributeValue(attributes, 'value');
      if (key === undefined || value === undefined) return;
      if (parent === 'event' && this.event) {
        if (key === 'concept:name') this.event.activity = value;
        else if (key === 'time:timestamp') this.event.timestamp = value;
        else if (key === (this.options.resourceKey ?? 'org:resource')) this.event.resource = value;
        else if (key === 'lifecycle:transition') this.event.lifecycle = value;
        else if (key === 'start_timestamp') this.event.start = value;
        if (this.keptEventAttributes.has(key)) {
          if (this.event.attributes === undefined) this.event.attributes = [];
          this.event.attributes.push([key, value]);
        }
      } else if (parent === 'trace') {
        if (key === 'concept:name') this.caseId = value;
        else this.traceAttributes.push([key, value]);
      }
    }
  }

  close(name: string, line: number): void {
    this.path.pop();
    if (name === 'event' && this.event) {
      this.pendingEvents.push(this.event);
      this.event = undefined;
    } else if (name === 'trace' && this.path[this.path.length - 1] === 'log') {
      this.finishTrace(line);
    }
  }

  /** A trace's case id may come after its events, so events are added when the trace closes. */
  private finishTrace(closeLine: number): void {
    const caseId = this.caseId;
    if (caseId === undefined || caseId === '') {
      this.reject({
        reason: 'missing-attribute',
        file: this.file,
        line: this.traceLine,
        value: '<trace>',
        expected: `a <string key="concept:name"> naming the trace (case) before line ${closeLine}`,
      });
      return;
    }
    let added = 0;
    // Starts waiting for their completion, per activity, oldest first.
    const openStarts = new Map<string, string[]>();
    for (const event of this.pendingEvents) {
      this.events++;
      const transition = event.lifecycle?.toLowerCase();
      if (transition === 'start' && event.activity !== undefined && event.timestamp !== undefined) {
        const starts = openStarts.get(event.activity) ?? [];
        starts.push(event.timestamp);
        openStarts.set(event.activity, starts);
      } else if (
        transition === 'complete' &&
        event.activity !== undefined &&
        event.start === undefined
      ) {
        event.start = openStarts.get(event.activity)?.shift();
      }
      if (
        this.options.lifecycle !== 'all' &&
        event.lifecycle !== undefined &&
        event.lifecycle.toLowerCase() !== 'complete'
      ) {
        this.lifecycleSkipped++;
        continue;
      }
      if (event.activity === undefined || event.activity === '') {
        this.reject({
          reason: 'missing-attribute',
          file: this.file,
          line: event.line,
          value: 'concept:name',
          expected: 'an activity name on every event',
        });
        continue;
      }
      const timestampMs =
        event.timestamp === undefined
          ? Number.NaN
          : parseTimestampText(event.timestamp, this.options.timeZone);
      if (Number.isNaN(timestampMs)) {
        this.reject({
          reason: event.timestamp === undefined ? 'missing-attribute' : 'unparseable-timestamp',
          file: this.file,
          line: event.line,
          value: event.timestamp ?? 'time:timestamp',
          expected:
            event.timestamp === undefined ? 'a time:timestamp on every event' : TIMESTAMP_FORMATS,
        });
        continue;
      }
      this.builder.add(caseId, event.activity, timestampMs, event.resource);
      for (const [key, value] of event.attributes ?? []) {
        this.caseAttributeNames.add(key);
        this.builder.setCaseAttribute(key, this.builder.caseIds.intern(caseId), value, timestampMs);
      }
      if (event.start !== undefined) {
        const startMs = parseTimestampText(event.start, this.options.timeZone);
        if (!Number.isNaN(startMs)) this.builder.setStartOfLastEvent(startMs);
      }
      added++;
    }
    if (added === 0) return;
    const caseIndex = this.builder.caseIds.intern(caseId);
    for (const [key, value] of this.traceAttributes) {
      this.caseAttributeNames.add(key);
      this.builder.setCaseAttribute(key, caseIndex, value);
    }
  }

  private reject(detail: InputError): void {
    if (!this.options.skipInvalid) throw new InputFailure(detail);
    this.skipped.rows++;
    if (this.skipped.examples.length < SKIPPED_EXAMPLES) this.skipped.examples.push(detail);
  }
}

/** True when the file starts with gzip's magic bytes (1F 8B). */
async function startsWithGzipMagic(path: string): Promise<boolean> {
  const { open } = await import('node:fs/promises');
  const handle = await open(path, 'r');
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}
