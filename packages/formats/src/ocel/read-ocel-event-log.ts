import { readFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { type EventLog, EventLogBuilder, type TimeZone } from '@pipewise/engine';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { memorySource } from '../byte-source/index.ts';
import type { ImportReport } from '../csv/read-csv-event-log.ts';
import { readCsvTable } from '../csv/read-csv-table.ts';
import { type InputError, InputFailure, type ReadResult } from '../input-error/index.ts';
import { parseTimestampText, TIMESTAMP_FORMATS } from '../timestamp/index.ts';

export interface OcelReadOptions {
  timeZone: TimeZone;
  /** The object type whose objects become cases (`--object-type Order`). */
  objectType?: string;
}

/** An object-centric log, as read from any OCEL file, before flattening. */
interface ObjectCentricLog {
  events: { type: string; time: string; objectIds: string[]; where: string }[];
  objects: Map<
    string,
    { type: string; attributes: { name: string; value: string; time: string | undefined }[] }
  >;
}

/**
 * Reads an object-centric event log — OCEL 2.0 JSON, XML or SQLite, OCEL 1.0 JSON or
 * the OCEL 1.0-style CSV of pm4py (`ocel:type:<type>` columns of id lists) —
 * and flattens it on one object type: each object of that type is a case,
 * and each event related to it is an event of that case (an event related to
 * two orders counts in both). The objects' attributes become case
 * attributes (the latest value when they change over time).
 */
export function readOcelEventLogFile(
  path: string,
  options: OcelReadOptions,
): ReadResult<{ log: EventLog; report: ImportReport }> {
  try {
    const bytes = readFileSync(path);
    if (new TextDecoder().decode(bytes.subarray(0, 16)) === 'SQLite format 3\u0000') {
      return { ok: true, ...flatten(path, readOcelSqlite(path), options, 'ocel-sqlite') };
    }
    const text = new TextDecoder().decode(bytes).replace(/^\ufeff/, '');
    const start = text.trimStart()[0];
    if (start === '<')
      return { ok: true, ...flatten(path, parseOcelXml(path, text), options, 'ocel-xml') };
    if (start === '{')
      return { ok: true, ...flatten(path, parseOcelJson(path, text), options, 'ocel-json') };
    return { ok: true, ...flatten(path, parseOcelCsv(path, text), options, 'ocel-csv') };
  } catch (error) {
    if (error instanceof InputFailure) return { ok: false, error: error.detail };
    throw error;
  }
}

function flatten(
  path: string,
  ocel: ObjectCentricLog,
  options: OcelReadOptions,
  format: 'ocel-json' | 'ocel-xml' | 'ocel-csv' | 'ocel-sqlite',
): { log: EventLog; report: ImportReport } {
  const types = [...new Set([...ocel.objects.values()].map((object) => object.type))].sort();
  if (options.objectType === undefined || !types.includes(options.objectType)) {
    throw new InputFailure({
      reason: options.objectType === undefined ? 'missing-object-type' : 'unknown-object-type',
      file: path,
      ...(options.objectType !== undefined ? { value: options.objectType } : {}),
      expected: `--object-type with one of the object types: ${types.map((type) => `"${type}"`).join(', ')}`,
    });
  }
  const builder = new EventLogBuilder();
  let related = 0;
  for (const event of ocel.events) {
    const timestampMs = parseTimestampText(event.time, options.timeZone);
    if (Number.isNaN(timestampMs)) {
      throw new InputFailure({
        reason: 'unparseable-timestamp',
        file: path,
        value: event.time,
        column: event.where,
        expected: TIMESTAMP_FORMATS,
      });
    }
    for (const objectId of event.objectIds) {
      if (ocel.objects.get(objectId)?.type !== options.objectType) continue;
      builder.add(objectId, event.type, timestampMs);
      related++;
    }
  }
  const attributeNames = new Set<string>();
  for (const [objectId, object] of ocel.objects) {
    if (object.type !== options.objectType) continue;
    const caseIndex = builder.caseIds.intern(objectId);
    for (const { name, value, time } of object.attributes) {
      attributeNames.add(name);
      const atMs =
        time === undefined ? Number.NEGATIVE_INFINITY : parseTimestampText(time, options.timeZone);
      builder.setCaseAttribute(
        name,
        caseIndex,
        value,
        Number.isNaN(atMs) ? Number.NEGATIVE_INFINITY : atMs,
      );
    }
  }
  const report: ImportReport = {
    file: path,
    format,
    encoding: 'utf-8',
    delimiter: '',
    preset: 'ocel',
    objectType: options.objectType,
    columns: {
      case: `object of type ${options.objectType}`,
      activity: 'event type',
      timestamp: 'event time',
      resource: null,
      caseAttributes: [...attributeNames],
    },
    timeZone: options.timeZone.name,
    rows: ocel.events.length,
    filteredRows: ocel.events.length - countEventsWithType(ocel, options.objectType),
    skipped: { rows: 0, examples: [] },
  };
  if (related === 0) report.filteredRows = ocel.events.length;
  return { log: builder.build(), report };
}

function countEventsWithType(ocel: ObjectCentricLog, type: string): number {
  return ocel.events.filter((event) =>
    event.objectIds.some((id) => ocel.objects.get(id)?.type === type),
  ).length;
}

/** OCEL 2.0 JSON (`objects`, `events` arrays) or OCEL 1.0 JSON (`ocel:objects`, `ocel:events` maps). */
function parseOcelJson(path: string, text: string): ObjectCentricLog {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // V8 names the line for some errors ("… at position 9 (line 3 column 1)"), not for all.
    const line = Number(/\(line (\d+)/.exec(message)?.[1] ?? Number.NaN) || undefined;
    throw new InputFailure({
      reason: 'malformed-json',
      file: path,
      ...(line ? { line } : {}),
      value: message,
      expected: 'an OCEL JSON file',
    });
  }
  const shapeError = (what: string): InputFailure =>
    new InputFailure({
      reason: 'malformed-json',
      file: path,
      value: what,
      expected: 'OCEL 2.0 ("objects", "events") or OCEL 1.0 ("ocel:objects", "ocel:events") JSON',
    });
  if (typeof data !== 'object' || data === null) throw shapeError('not an object');
  const record = data as Record<string, unknown>;
  const objects: ObjectCentricLog['objects'] = new Map();
  const events: ObjectCentricLog['events'] = [];
  if (Array.isArray(record.objects) && Array.isArray(record.events)) {
    for (const object of record.objects as Record<string, unknown>[]) {
      const attributes = Array.isArray(object.attributes)
        ? (object.attributes as Record<string, unknown>[])
        : [];
      objects.set(String(object.id), {
        type: String(object.type),
        attributes: attributes.map((a) => ({
          name: String(a.name),
          value: String(a.value),
          time: a.time === undefined ? undefined : String(a.time),
        })),
      });
    }
    for (const event of record.events as Record<string, unknown>[]) {
      const relationships = Array.isArray(event.relationships)
        ? (event.relationships as Record<string, unknown>[])
        : [];
      if (typeof event.type !== 'string' || typeof event.time !== 'string')
        throw shapeError(`event ${String(event.id)} without type or time`);
      events.push({
        type: event.type,
        time: event.time,
        objectIds: relationships.map((r) => String(r.objectId)),
        where: `event ${String(event.id)}`,
      });
    }
    return { objects, events };
  }
  const ocelObjects = record['ocel:objects'];
  const ocelEvents = record['ocel:events'];
  if (
    typeof ocelObjects === 'object' &&
    ocelObjects !== null &&
    typeof ocelEvents === 'object' &&
    ocelEvents !== null
  ) {
    for (const [id, object] of Object.entries(
      ocelObjects as Record<string, Record<string, unknown>>,
    )) {
      const values = (object['ocel:ovmap'] ?? {}) as Record<string, unknown>;
      objects.set(id, {
        type: String(object['ocel:type']),
        attributes: Object.entries(values).map(([name, value]) => ({
          name,
          value: String(value),
          time: undefined,
        })),
      });
    }
    for (const [id, event] of Object.entries(
      ocelEvents as Record<string, Record<string, unknown>>,
    )) {
      const activity = event['ocel:activity'];
      const time = event['ocel:timestamp'];
      if (typeof activity !== 'string' || typeof time !== 'string')
        throw shapeError(`event ${id} without ocel:activity or ocel:timestamp`);
      const omap = Array.isArray(event['ocel:omap'])
        ? (event['ocel:omap'] as unknown[]).map(String)
        : [];
      events.push({ type: activity, time, objectIds: omap, where: `event ${id}` });
    }
    return { objects, events };
  }
  throw shapeError('neither OCEL 2.0 nor OCEL 1.0 JSON');
}

/** OCEL 2.0 XML: `<objects><object id type><attributes><attribute name time>` and `<events><event id type time><objects><relationship object-id>`. */
function parseOcelXml(path: string, text: string): ObjectCentricLog {
  const objects: ObjectCentricLog['objects'] = new Map();
  const events: ObjectCentricLog['events'] = [];
  const parser = new SaxesParser({ position: true });
  const fail = (detail: Omit<InputError, 'file'>): never => {
    throw new InputFailure({ file: path, ...detail });
  };
  parser.on('error', (error) =>
    fail({
      reason: 'malformed-xml',
      line: parser.line,
      value: error.message.replace(/^.*?:\d+:\d+: /, ''),
      expected: 'a well-formed OCEL 2.0 XML file',
    }),
  );
  parser.on('doctype', (doctype) => {
    if (/<!ENTITY/i.test(doctype))
      fail({
        reason: 'entities-not-allowed',
        line: parser.line,
        expected: 'an OCEL file without a DOCTYPE',
      });
  });
  const path_: string[] = [];
  let currentObject:
    | {
        id: string;
        type: string;
        attributes: { name: string; value: string; time: string | undefined }[];
      }
    | undefined;
  let currentEvent: ObjectCentricLog['events'][number] | undefined;
  let attribute: { name: string; time: string | undefined; value: string } | undefined;
  parser.on('opentag', (node) => {
    const tag = node as SaxesTagPlain;
    const parent = path_[path_.length - 1];
    path_.push(tag.name);
    const a = tag.attributes;
    if (tag.name === 'object' && parent === 'objects' && path_.length === 3) {
      currentObject = { id: a.id ?? '', type: a.type ?? '', attributes: [] };
    } else if (tag.name === 'event' && parent === 'events') {
      if (a.type === undefined || a.time === undefined)
        fail({
          reason: 'missing-attribute',
          line: parser.line,
          value: '<event>',
          expected: 'type and time on every event',
        });
      currentEvent = { type: a.type!, time: a.time!, objectIds: [], where: `line ${parser.line}` };
    } else if (tag.name === 'relationship' && currentEvent && a['object-id'] !== undefined) {
      currentEvent.objectIds.push(a['object-id']);
    } else if (tag.name === 'attribute' && currentObject && parent === 'attributes') {
      attribute = { name: a.name ?? '', time: a.time, value: '' };
    }
  });
  parser.on('text', (value) => {
    if (attribute) attribute.value += value;
  });
  parser.on('closetag', (node) => {
    path_.pop();
    const name = (node as SaxesTagPlain).name;
    if (name === 'attribute' && attribute && currentObject) {
      currentObject.attributes.push({ ...attribute, value: attribute.value.trim() });
      attribute = undefined;
    } else if (name === 'object' && currentObject && path_.length === 2) {
      objects.set(currentObject.id, currentObject);
      currentObject = undefined;
    } else if (name === 'event' && currentEvent) {
      events.push(currentEvent);
      currentEvent = undefined;
    }
  });
  parser.write(text).close();
  return { objects, events };
}

/**
 * The OCEL 1.0-style CSV of pm4py: `ocel:activity`, `ocel:timestamp`, and one
 * `ocel:type:<type>` column per object type holding a list of ids such as
 * `['990001','990002']`. Other columns are event attributes (not read).
 */
function parseOcelCsv(path: string, text: string): ObjectCentricLog {
  const table = readCsvTable(memorySource(path, new TextEncoder().encode(text)));
  if (!table.ok) throw new InputFailure(table.error);
  const { headers, rows, lines } = table.table;
  const activity = headers.indexOf('ocel:activity');
  const time = headers.indexOf('ocel:timestamp');
  const typeColumns = headers
    .map((name, column) => ({
      type: name.slice('ocel:type:'.length),
      column,
      isType: name.startsWith('ocel:type:'),
    }))
    .filter((entry) => entry.isType);
  if (activity < 0 || time < 0 || typeColumns.length === 0) {
    throw new InputFailure({
      reason: 'missing-column',
      file: path,
      line: 1,
      value: activity < 0 ? 'ocel:activity' : time < 0 ? 'ocel:timestamp' : 'ocel:type:…',
      expected: 'an OCEL CSV with ocel:activity, ocel:timestamp and ocel:type:<type> columns',
    });
  }
  const objects: ObjectCentricLog['objects'] = new Map();
  const events: ObjectCentricLog['events'] = [];
  rows.forEach((row, r) => {
    const objectIds: string[] = [];
    for (const { type, column } of typeColumns) {
      for (const match of (row[column] ?? '').matchAll(/'([^']*)'|"([^"]*)"/g)) {
        const id = match[1] ?? match[2] ?? '';
        if (id === '') continue;
        objectIds.push(id);
        if (!objects.has(id)) objects.set(id, { type, attributes: [] });
      }
    }
    events.push({
      type: row[activity] ?? '',
      time: row[time] ?? '',
      objectIds,
      where: `line ${lines[r]}`,
    });
  });
  return { objects, events };
}

/**
 * OCEL 2.0 SQLite (read with Node's built-in `node:sqlite`, read-only):
 * `event` and `object` give ids and types, `event_object` the relations,
 * `event_<Type>` each event's `ocel_time`, and `object_<Type>` the objects'
 * attributes over time. Table suffixes come from `event_map_type` and
 * `object_map_type`.
 */
function readOcelSqlite(path: string): ObjectCentricLog {
  const database = new DatabaseSync(path, { readOnly: true });
  try {
    const rows = (sql: string): Record<string, unknown>[] =>
      database.prepare(sql).all() as Record<string, unknown>[];
    const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;
    const timeOf = new Map<string, string>();
    for (const { ocel_type_map: suffix } of rows('SELECT ocel_type_map FROM event_map_type')) {
      for (const row of rows(
        `SELECT ocel_id, ocel_time FROM ${quote(`event_${String(suffix)}`)}`,
      )) {
        timeOf.set(String(row.ocel_id), String(row.ocel_time));
      }
    }
    const objectIdsOf = new Map<string, string[]>();
    for (const row of rows('SELECT ocel_event_id, ocel_object_id FROM event_object')) {
      const id = String(row.ocel_event_id);
      if (!objectIdsOf.has(id)) objectIdsOf.set(id, []);
      objectIdsOf.get(id)!.push(String(row.ocel_object_id));
    }
    const events: ObjectCentricLog['events'] = rows('SELECT ocel_id, ocel_type FROM event').map(
      (row) => {
        const id = String(row.ocel_id);
        return {
          type: String(row.ocel_type),
          time: timeOf.get(id) ?? '',
          objectIds: objectIdsOf.get(id) ?? [],
          where: `event ${id}`,
        };
      },
    );
    const objects: ObjectCentricLog['objects'] = new Map();
    for (const row of rows('SELECT ocel_id, ocel_type FROM object')) {
      objects.set(String(row.ocel_id), { type: String(row.ocel_type), attributes: [] });
    }
    const hidden = new Set(['ocel_id', 'ocel_time', 'ocel_changed_field']);
    for (const { ocel_type_map: suffix } of rows('SELECT ocel_type_map FROM object_map_type')) {
      for (const row of rows(`SELECT * FROM ${quote(`object_${String(suffix)}`)}`)) {
        const object = objects.get(String(row.ocel_id));
        if (!object) continue;
        for (const [name, value] of Object.entries(row)) {
          if (hidden.has(name) || value === null || value === undefined) continue;
          object.attributes.push({
            name,
            value: String(value),
            time: row.ocel_time == null ? undefined : String(row.ocel_time),
          });
        }
      }
    }
    return { objects, events };
  } catch (error) {
    throw new InputFailure({
      reason: 'malformed-json',
      file: path,
      value: error instanceof Error ? error.message : String(error),
      expected: 'an OCEL 2.0 SQLite database (event, object, event_object, event_<type> tables)',
    });
  } finally {
    database.close();
  }
}
