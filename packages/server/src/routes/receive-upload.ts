import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { HttpError } from '../app/http-errors.ts';

/** Which uploads a route takes, by file name, and how to say so. */
export interface AcceptedFiles {
  names: RegExp;
  description: string;
}

export const EVENT_LOG_FILES: AcceptedFiles = {
  names: /\.(csv|tsv|txt|xlsx|xes|xes\.gz|gz|json|jsonocel|xml|xmlocel|sqlite)$/i,
  description:
    'an event log Pipewise reads: CSV, Excel .xlsx, XES (.xes, .xes.gz) or OCEL (.json, .xml, .sqlite)',
};

/** A multipart upload, saved to a temporary file, with its text fields. */
export interface Upload {
  file: string;
  fileName: string;
  fields: Record<string, string>;
}

export async function receiveUpload(
  request: FastifyRequest,
  folder: string,
  accepted: AcceptedFiles,
): Promise<Upload> {
  if (!request.isMultipart()) {
    throw new HttpError(
      415,
      'not-multipart',
      'send the file as multipart/form-data (field "file")',
    );
  }
  const fields: Record<string, string> = {};
  let upload: Upload | undefined;
  let writing: string | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        fields[part.fieldname] = String(part.value);
        continue;
      }
      const fileName = path.basename(part.filename || 'upload');
      if (!accepted.names.test(fileName)) {
        part.file.resume();
        throw new HttpError(
          415,
          'unsupported-file-type',
          `"${fileName}" is not ${accepted.description}`,
        );
      }
      mkdirSync(folder, { recursive: true });
      writing = path.join(
        folder,
        `${randomBytes(8).toString('hex')}-${fileName.replace(/[^\w.-]/g, '_')}`,
      );
      await pipeline(part.file, createWriteStream(writing));
      if (part.file.truncated) {
        throw Object.assign(new Error('file too large'), { code: 'FST_REQ_FILE_TOO_LARGE' });
      }
      upload = { file: writing, fileName, fields };
    }
  } catch (error) {
    // Nothing of a refused or broken upload stays on disk.
    if (writing) rmSync(writing, { force: true });
    throw error;
  }
  if (!upload) throw new HttpError(400, 'no-file', 'the form has no file (field "file")');
  return upload;
}
