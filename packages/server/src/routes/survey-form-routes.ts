import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { memorySource, readCsvTable, readXlsxTable } from '@pipewise/formats';
import { readStepTable, stepTableTemplateXlsx } from '@pipewise/formats/process-model';
import { createProcessModel, findProject } from '@pipewise/store';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf, EDITORS, EVERY_ROLE } from '../app/access.ts';
import { HttpError, notFound } from '../app/http-errors.ts';
import { receiveUpload } from './receive-upload.ts';
import { IdParams } from './schemas.ts';

const SURVEY_FORMS = {
  names: /\.(xlsx|csv)$/i,
  description: 'a survey form: the Excel workbook downloaded from Pipewise (.xlsx) or a CSV',
};

/**
 * Step 1's current-state survey form (the method's template 1): download it
 * as Excel, fill it in offline in Excel or WPS (one row per step: owner,
 * inputs, outputs, systems, estimated duration, pain points), and upload it
 * back. The upload is checked row by row — every cell to fix is listed, with
 * its row and column — and becomes the project's as-is model, or nothing.
 */
export async function surveyFormRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { store, config } = base.pipewise;
  const uploads = path.join(config.dataDir, 'uploads');

  app.get(
    '/api/survey-form',
    {
      config: { access: EVERY_ROLE },
      schema: {
        tags: ['survey'],
        summary:
          'The current-state survey form as an Excel workbook: a sheet of steps to fill in and a sheet explaining each column',
        querystring: z.object({ lang: z.enum(['zh', 'en']).default('zh') }),
      },
    },
    async (request, reply) => {
      const { lang } = request.query;
      const name = lang === 'zh' ? '现状流程调研表.xlsx' : 'current-state-survey.xlsx';
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
        .send(Buffer.from(await stepTableTemplateXlsx(lang)));
    },
  );

  app.post(
    '/api/projects/:id/survey-form',
    {
      config: { access: EDITORS },
      schema: {
        tags: ['survey'],
        summary:
          'Upload a filled-in survey form (multipart: file, optional name): 201 with the as-is model version it became, or 400 listing every cell to fix (details.errors: file, line, column, value, expected)',
        consumes: ['multipart/form-data'],
        params: IdParams,
        response: {
          201: z.object({
            versionId: z.string(),
            modelId: z.string(),
            steps: z.number(),
            lanes: z.number(),
            warnings: z.array(z.unknown()),
          }),
        },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const upload = await receiveUpload(request, uploads, SURVEY_FORMS);
      try {
        const project = await findProject(store.db, caller.organizationId, request.params.id);
        if (!project) throw notFound('project');
        const table = /\.xlsx$/i.test(upload.fileName)
          ? await readXlsxTable(upload.file)
          : readCsvTable(memorySource(upload.fileName, readFileSync(upload.file)));
        if (!table.ok) {
          const error = { ...table.error, file: upload.fileName };
          throw new HttpError(400, table.error.reason, 'the survey form cannot be read', {
            errors: [error],
          });
        }
        const read = readStepTable(
          { ...table.table, file: upload.fileName },
          { requireOwner: true, name: { zh: '现状流程', en: 'As-is process' } },
        );
        if (!read.ok) {
          throw new HttpError(
            400,
            'invalid-survey-form',
            `the survey form has ${read.errors.length} cells to fix; nothing was stored`,
            { errors: read.errors },
          );
        }
        const { model, version } = await createProcessModel(
          store.db,
          {
            organizationId: caller.organizationId,
            projectId: project.id,
            name: upload.fields.name || upload.fileName.replace(/\.[^.]+$/, ''),
            document: read.model,
            kind: 'as-is',
            label: 'as-is',
          },
          caller.userId,
        );
        return reply.status(201).send({
          versionId: version.id,
          modelId: model.id,
          steps: read.model.steps.filter((step) => step.kind !== 'start' && step.kind !== 'end')
            .length,
          lanes: read.model.lanes.length,
          warnings: read.warnings,
        });
      } finally {
        rmSync(upload.file, { force: true });
      }
    },
  );
}
