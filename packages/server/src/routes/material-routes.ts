import {
  createMaterial,
  deleteMaterial,
  findMaterialFile,
  listMaterials,
  type MaterialEntry,
  type MaterialSource,
  updateMaterial,
} from '@pipewise/store';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf, EVERY_ROLE } from '../app/access.ts';
import { HttpError, notFound } from '../app/http-errors.ts';
import { identifyMaterial, MATERIAL_EXTENSIONS } from './material-files.ts';
import { projectOf } from './project-of.ts';
import { IdParams } from './schemas.ts';

/** Who keeps the register: sales operations and the managers who collect their teams' sheets. */
const KEEPERS = ['admin', 'process_owner', 'manager'] as const;

const MaterialKindSchema = z.enum([
  'sop',
  'follow-up-sheet',
  'crm-manual',
  'retrospective',
  'other',
]);

const DescriptionSchema = z.object({
  title: z.string().trim().min(1).max(300),
  kind: MaterialKindSchema,
  steps: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
  isKeyNode: z.boolean().default(false),
  isExceptionRecord: z.boolean().default(false),
  notes: z.string().max(20_000).default(''),
});

const LinkSchema = z
  .string()
  .trim()
  .max(2000)
  .url()
  .refine((url) => /^https?:\/\//i.test(url), 'a web address (http or https)');

const MaterialSchema = DescriptionSchema.extend({
  id: z.string(),
  projectId: z.string(),
  link: z.string().nullable(),
  fileName: z.string().nullable(),
  contentType: z.string().nullable(),
  size: z.number().nullable(),
  updatedAt: z.string(),
});

const toJson = (material: MaterialEntry): z.infer<typeof MaterialSchema> => ({
  id: material.id,
  projectId: material.project_id,
  title: material.title,
  kind: material.kind,
  steps: material.steps,
  isKeyNode: material.is_key_node,
  isExceptionRecord: material.is_exception_record,
  notes: material.notes,
  link: material.link,
  fileName: material.file_name,
  contentType: material.content_type,
  size: material.size,
  updatedAt: material.updated_at.toISOString(),
});

/** Reads the multipart form: its fields, and its file (in memory, up to `limitBytes`). */
async function readMaterialForm(
  request: FastifyRequest,
  limitBytes: number,
): Promise<{ fields: Record<string, string>; file?: { name: string; content: Uint8Array } }> {
  if (!request.isMultipart())
    throw new HttpError(415, 'not-multipart', 'send the material as multipart/form-data');
  const fields: Record<string, string> = {};
  let file: { name: string; content: Uint8Array } | undefined;
  for await (const part of request.parts({ limits: { fileSize: limitBytes, files: 1 } })) {
    if (part.type === 'field') {
      fields[part.fieldname] = String(part.value);
      continue;
    }
    const content = await part.toBuffer().catch((error: { code?: string }) => {
      if (error.code === 'FST_REQ_FILE_TOO_LARGE')
        throw new HttpError(
          413,
          'file-too-large',
          `a material may be ${limitBytes / 1024 / 1024} MB at most (PIPEWISE_MATERIAL_LIMIT_MB); link larger documents instead`,
        );
      throw error;
    });
    file = { name: part.filename.split(/[\\/]/).pop() || 'material', content };
  }
  return { fields, ...(file ? { file } : {}) };
}

/**
 * Step 1's materials register: SOPs, follow-up sheets, CRM manuals and
 * project retrospectives, uploaded (kept in the database, size-limited and
 * checked to be what their name says) or linked, each tagged with the steps
 * it documents and marked as a key node or an exception record.
 */
export async function materialRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { store, config } = base.pipewise;
  const db = store.db;

  app.get(
    '/api/projects/:id/materials',
    {
      config: { access: EVERY_ROLE },
      schema: {
        tags: ['survey'],
        summary: 'The project’s materials register',
        params: IdParams,
        response: { 200: z.array(MaterialSchema) },
      },
    },
    async (request) => {
      const { organizationId } = callerOf(request);
      await projectOf(db, organizationId, request.params.id);
      return (await listMaterials(db, organizationId, request.params.id)).map(toJson);
    },
  );

  app.post(
    '/api/projects/:id/materials',
    {
      config: { access: KEEPERS },
      schema: {
        tags: ['survey'],
        summary: `Add a material (multipart: title, kind, steps (JSON list), isKeyNode, isExceptionRecord, notes, and either a file (${MATERIAL_EXTENSIONS.join(', ')}) or a link)`,
        consumes: ['multipart/form-data'],
        params: IdParams,
        response: { 201: MaterialSchema },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      await projectOf(db, caller.organizationId, request.params.id);
      const form = await readMaterialForm(request, config.materialLimitMb * 1024 * 1024);
      const parsedSteps = (() => {
        try {
          return JSON.parse(form.fields.steps ?? '[]') as unknown;
        } catch {
          return undefined;
        }
      })();
      const description = DescriptionSchema.safeParse({
        title: form.fields.title,
        kind: form.fields.kind,
        steps: parsedSteps,
        isKeyNode: form.fields.isKeyNode === 'true',
        isExceptionRecord: form.fields.isExceptionRecord === 'true',
        notes: form.fields.notes ?? '',
      });
      if (!description.success) {
        throw new HttpError(400, 'invalid-request', 'the material’s description is not valid', {
          issues: description.error.issues.map((issue) => ({
            where: issue.path.join('.'),
            message: issue.message,
          })),
        });
      }
      let source: MaterialSource;
      const linkText = form.fields.link?.trim();
      if (form.file && linkText) {
        throw new HttpError(400, 'file-or-link', 'a material is a file or a link, not both');
      } else if (form.file) {
        const identified = identifyMaterial(form.file.name, form.file.content);
        if (!identified.ok) {
          throw new HttpError(
            415,
            identified.reason === 'unsupported-file-type'
              ? 'unsupported-file-type'
              : 'content-mismatch',
            identified.reason === 'unsupported-file-type'
              ? `"${form.file.name}" is not a kind of document the register keeps (${MATERIAL_EXTENSIONS.join(', ')})`
              : `"${form.file.name}" does not hold what its name says`,
          );
        }
        source = {
          file: {
            name: form.file.name,
            contentType: identified.contentType,
            content: form.file.content,
          },
        };
      } else if (linkText) {
        const link = LinkSchema.safeParse(linkText);
        if (!link.success)
          throw new HttpError(400, 'invalid-link', 'the link is not a web address (http or https)');
        source = { link: link.data };
      } else {
        throw new HttpError(400, 'file-or-link', 'send a file or a link');
      }
      const material = await createMaterial(
        db,
        { organizationId: caller.organizationId, projectId: request.params.id },
        description.data,
        source,
        caller.userId,
      );
      return reply.status(201).send(toJson(material));
    },
  );

  app.put(
    '/api/materials/:id',
    {
      config: { access: KEEPERS },
      schema: {
        tags: ['survey'],
        summary: 'Change a material’s title, kind, steps, marks or notes (not its file or link)',
        params: IdParams,
        body: DescriptionSchema,
        response: { 200: MaterialSchema },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const material = await updateMaterial(
        db,
        caller.organizationId,
        request.params.id,
        request.body,
        caller.userId,
      );
      if (!material) throw notFound('material');
      return toJson(material);
    },
  );

  app.get(
    '/api/materials/:id/file',
    {
      config: { access: EVERY_ROLE },
      schema: { tags: ['survey'], summary: 'Download a material’s file', params: IdParams },
    },
    async (request, reply) => {
      const file = await findMaterialFile(db, callerOf(request).organizationId, request.params.id);
      if (!file) throw notFound('material file');
      return reply
        .type(file.contentType)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header(
          'content-disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
        )
        .send(Buffer.from(file.content));
    },
  );

  app.delete(
    '/api/materials/:id',
    {
      config: { access: KEEPERS },
      schema: { tags: ['survey'], summary: 'Delete a material', params: IdParams },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      if (!(await deleteMaterial(db, caller.organizationId, request.params.id, caller.userId)))
        throw notFound('material');
      return reply.status(204).send();
    },
  );
}
