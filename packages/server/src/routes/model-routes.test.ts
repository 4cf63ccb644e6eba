import { readFileSync } from 'node:fs';
import type { ProcessModel, Step } from '@pipewise/engine/process-model';
import { memorySource, readCsvTable } from '@pipewise/formats';
import { importBpmn, readStepTable } from '@pipewise/formats/process-model';
import { storeTargets } from '@pipewise/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  type TestApp,
  type TestMember,
  type TestOrganization,
} from '../testing/test-app.ts';

/** The as-is sales process of the CLI's demo, read from its step table as `pipewise model` reads it. */
function salesSteps(): ProcessModel {
  const file = new URL('../../../cli/demo/sales-steps.csv', import.meta.url);
  const table = readCsvTable(memorySource('sales-steps.csv', readFileSync(file)));
  if (!table.ok) throw new Error(JSON.stringify(table.error));
  const read = readStepTable(table.table, {
    id: 'sales',
    name: { zh: '销售流程（现状）', en: 'Sales process (as-is)' },
  });
  if (!read.ok) throw new Error(JSON.stringify(read.error));
  return read.model;
}

const stepNamed = (model: ProcessModel, name: string): Step => {
  const step = model.steps.find((candidate) => candidate.name.zh === name);
  if (!step) throw new Error(`no step ${name} in ${model.steps.map((s) => s.name.zh).join(', ')}`);
  return step;
};

interface Version {
  id: string;
  modelId: string;
  number: number;
  label: string;
  kind: 'as-is' | 'to-be' | 'other';
  parentVersionId: string | null;
  revision: number;
  document: ProcessModel;
}

describe.each(storeTargets())('process models on %s', (target) => {
  let test: TestApp;
  let org: TestOrganization;
  let owner: TestMember;
  const asIs = salesSteps();

  beforeAll(async () => {
    test = await createTestApp(target);
    org = await test.organization('models');
    owner = org.members.process_owner;
  });
  afterAll(() => test.close());

  const as = (request: Parameters<TestApp['as']>[2]) => test.as(owner, org.id, request);

  const create = async (name = '销售流程', document: unknown = asIs): Promise<Version> => {
    const response = await as({ method: 'POST', url: '/api/models', payload: { name, document } });
    expect(response.statusCode).toBe(201);
    return response.json();
  };

  const stored = async (versionId: string): Promise<Version> => {
    const response = await as({ method: 'GET', url: `/api/versions/${versionId}` });
    expect(response.statusCode).toBe(200);
    return response.json();
  };

  const runCommands = (version: { id: string; revision: number }, commands: unknown[]) =>
    as({
      method: 'POST',
      url: `/api/versions/${version.id}/commands`,
      payload: { revision: version.revision, commands },
    });

  it('POST /api/models stores a valid document as version 1, revision 1', async () => {
    const version = await create('销售流程（步骤表）');
    expect(version).toMatchObject({
      number: 1,
      kind: 'as-is',
      label: 'as-is',
      parentVersionId: null,
      revision: 1,
    });
    expect(version.document).toEqual(asIs);
    expect((await stored(version.id)).document).toEqual(asIs);
  });

  it('GET /api/versions/:id/bpmn gives the version as BPMN that reads back as the same steps', async () => {
    const version = await create('导出 BPMN');
    const response = await as({ method: 'GET', url: `/api/versions/${version.id}/bpmn?lang=zh` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toContain('.bpmn');
    const read = importBpmn(response.body, { file: 'export.bpmn' });
    expect(read.ok).toBe(true);
    const names = (model: ProcessModel) =>
      model.steps
        .filter((step) => step.kind !== 'start' && step.kind !== 'end')
        .map((step) => step.name.zh)
        .sort();
    expect(read.ok && names(read.model)).toEqual(names(asIs));
  });

  it('DELETE /api/models/:id removes the model with every version, audited; a second delete is 404', async () => {
    const first = await create('要删除的流程');
    const derived = await as({
      method: 'POST',
      url: `/api/versions/${first.id}/derive`,
      payload: {},
    });
    expect(derived.statusCode).toBe(201);
    const removed = await as({ method: 'DELETE', url: `/api/models/${first.modelId}` });
    expect(removed.statusCode).toBe(204);
    expect((await as({ method: 'GET', url: `/api/versions/${first.id}` })).statusCode).toBe(404);
    expect(
      (await as({ method: 'GET', url: `/api/versions/${derived.json().id}` })).statusCode,
    ).toBe(404);
    expect((await as({ method: 'DELETE', url: `/api/models/${first.modelId}` })).statusCode).toBe(
      404,
    );
    const audit = await test.as(org.members.admin, org.id, { method: 'GET', url: '/api/audit' });
    expect(audit.json()).toContainEqual(
      expect.objectContaining({
        action: 'delete',
        entity: 'process-model',
        entityId: first.modelId,
      }),
    );
  });

  it('refuses a project of another organization, or none, as 404 (and stores nothing)', async () => {
    const other = await test.organization('models-other');
    const project = await test.as(other.members.process_owner, other.id, {
      method: 'POST',
      url: '/api/projects',
      payload: { name: '别人的项目' },
    });
    for (const projectId of [project.json().id, '00000000-0000-4000-8000-000000000000']) {
      const response = await as({
        method: 'POST',
        url: '/api/models',
        payload: { name: '越界', projectId, document: asIs },
      });
      expect(response.statusCode).toBe(404);
    }
    const models = await as({ method: 'GET', url: '/api/models' });
    expect(models.json().map((model: { name: string }) => model.name)).not.toContain('越界');
  });

  it('an invalid document is refused with 400 invalid-model and the JSON paths of its problems', async () => {
    const broken = structuredClone(asIs) as unknown as { steps: Record<string, unknown>[] };
    broken.steps[1] = { ...broken.steps[1], kind: 'nonsense' };
    const response = await as({
      method: 'POST',
      url: '/api/models',
      payload: { name: '坏的', document: broken },
    });
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe('invalid-model');
    expect(error.details).toContainEqual({ path: 'steps.1.kind', message: expect.any(String) });

    const dangling = structuredClone(asIs);
    dangling.flows[0] = { ...dangling.flows[0]!, to: 'no-such-step' };
    const danglingResponse = await as({
      method: 'POST',
      url: '/api/models',
      payload: { name: '断头', document: dangling },
    });
    expect(danglingResponse.statusCode).toBe(400);
    expect(danglingResponse.json().error.details).toContainEqual({
      path: 'flows.0.to',
      message: expect.any(String),
    });

    const models = await as({ method: 'GET', url: '/api/models' });
    expect(models.json().map((model: { name: string }) => model.name)).not.toContain('坏的');
  });

  describe('saving', () => {
    it('PUT with the current revision saves and counts the revision up', async () => {
      const version = await create();
      const edited = structuredClone(asIs);
      edited.notes = '第一次保存';
      const response = await as({
        method: 'PUT',
        url: `/api/versions/${version.id}`,
        payload: { revision: 1, document: edited },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: version.id, revision: 2 });
      expect((await stored(version.id)).document.notes).toBe('第一次保存');
    });

    it('a second PUT from the same revision is refused with 409 conflict, keeping the first save', async () => {
      const version = await create();
      const first = { ...structuredClone(asIs), notes: '甲的修改' };
      const second = { ...structuredClone(asIs), notes: '乙的修改' };
      const put = (document: ProcessModel) =>
        as({
          method: 'PUT',
          url: `/api/versions/${version.id}`,
          payload: { revision: 1, document },
        });

      expect((await put(first)).statusCode).toBe(200);
      const conflict = await put(second);
      expect(conflict.statusCode).toBe(409);
      expect(conflict.json().error).toMatchObject({
        code: 'conflict',
        details: { currentRevision: 2 },
      });
      const now = await stored(version.id);
      expect(now.revision).toBe(2);
      expect(now.document.notes).toBe('甲的修改');
    });

    it('an invalid document is not saved over a valid one', async () => {
      const version = await create();
      const response = await as({
        method: 'PUT',
        url: `/api/versions/${version.id}`,
        payload: { revision: 1, document: { schemaVersion: 1, steps: 'none' } },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('invalid-model');
      expect(await stored(version.id)).toMatchObject({ revision: 1, document: asIs });
    });
  });

  describe('edit commands', () => {
    it('apply in order, save, and return undo commands that restore the original when applied', async () => {
      const version = await create();
      const quote = stepNamed(asIs, '报价');
      const legal = stepNamed(asIs, '合同评审');
      const response = await runCommands(version, [
        { type: 'rename-step', stepId: quote.id, name: { zh: '报价审批' } },
        {
          type: 'set-step-attributes',
          stepId: legal.id,
          changes: { notes: '法务两个工作日内回复' },
        },
      ]);
      expect(response.statusCode).toBe(200);
      const { version: saved, undo } = response.json();
      expect(saved.revision).toBe(2);
      expect(stepNamed(saved.document, '报价审批').id).toBe(quote.id);
      expect(stepNamed(saved.document, '合同评审').notes).toBe('法务两个工作日内回复');
      expect(undo).toHaveLength(2);
      // The last edit's inverse comes first.
      expect(undo[0]).toMatchObject({ type: 'set-step-attributes', stepId: legal.id });
      expect(undo[1]).toMatchObject({ type: 'rename-step', stepId: quote.id, name: quote.name });

      const undone = await runCommands(saved, undo);
      expect(undone.statusCode).toBe(200);
      expect(undone.json().version.revision).toBe(3);
      expect((await stored(version.id)).document).toEqual(asIs);
    });

    it.each([
      [
        'rename to an empty name',
        'empty-name',
        (step: Step) => ({ stepId: step.id, name: { zh: '  ' } }),
      ],
      [
        'rename a missing step',
        'no-such-step',
        () => ({ stepId: 'no-such-step', name: { zh: '新' } }),
      ],
    ])(
      '%s is refused with 409 and the engine’s code, and nothing is saved',
      async (_, code, command) => {
        const version = await create();
        const quote = stepNamed(asIs, '报价');
        const response = await runCommands(version, [
          // A valid first command: all or none, so it is not saved either.
          { type: 'set-step-attributes', stepId: quote.id, changes: { notes: '不该保存' } },
          { type: 'rename-step', ...command(quote) },
        ]);
        expect(response.statusCode).toBe(409);
        expect(response.json().error).toMatchObject({ code, details: { index: 1 } });
        expect(response.json().error.message).toMatch(/^command 2 \(rename-step\) refused/);
        expect(await stored(version.id)).toMatchObject({ revision: 1, document: asIs });
      },
    );

    it('commands from an old revision are refused with 409 conflict', async () => {
      const version = await create();
      const quote = stepNamed(asIs, '报价');
      const rename = (name: string) => [
        { type: 'rename-step', stepId: quote.id, name: { zh: name } },
      ];
      expect((await runCommands(version, rename('报价一'))).statusCode).toBe(200);
      const stale = await runCommands(version, rename('报价二'));
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.code).toBe('conflict');
      expect(stepNamed((await stored(version.id)).document, '报价一').id).toBe(quote.id);
    });
  });

  describe('versions', () => {
    it('derive makes version 2, a to-be with its parent; the diff lists what was edited since; the list shows both', async () => {
      const name = '待优化的销售流程';
      const asIsVersion = await create(name);
      const derived = await as({
        method: 'POST',
        url: `/api/versions/${asIsVersion.id}/derive`,
        payload: {},
      });
      expect(derived.statusCode).toBe(201);
      const toBe: Version = derived.json();
      expect(toBe).toMatchObject({
        modelId: asIsVersion.modelId,
        number: 2,
        kind: 'to-be',
        label: 'to-be',
        parentVersionId: asIsVersion.id,
        revision: 1,
      });
      expect(toBe.document.version).toMatchObject({ number: 2, stage: 'to-be' });
      expect(toBe.document.steps).toEqual(asIs.steps);

      const unchanged = await as({
        method: 'GET',
        url: `/api/versions/${asIsVersion.id}/diff/${toBe.id}`,
      });
      expect(unchanged.json().isSame).toBe(true);

      const legal = stepNamed(asIs, '合同评审');
      const edited = await runCommands(toBe, [
        { type: 'rename-step', stepId: legal.id, name: { zh: '合同评审（限时）' } },
      ]);
      expect(edited.statusCode).toBe(200);

      const diff = await as({
        method: 'GET',
        url: `/api/versions/${asIsVersion.id}/diff/${toBe.id}`,
      });
      expect(diff.statusCode).toBe(200);
      expect(diff.json().isSame).toBe(false);
      expect(diff.json().steps.changed).toEqual([
        {
          step: { id: legal.id, name: { zh: '合同评审（限时）' } },
          changes: [
            { field: 'name', before: { zh: '合同评审' }, after: { zh: '合同评审（限时）' } },
          ],
        },
      ]);
      expect(diff.json().steps.added).toEqual([]);
      expect(diff.json().steps.removed).toEqual([]);

      const models = await as({ method: 'GET', url: '/api/models' });
      expect(models.statusCode).toBe(200);
      const model = models
        .json()
        .find((candidate: { id: string }) => candidate.id === asIsVersion.modelId);
      expect(model).toMatchObject({ name, projectId: null });
      expect(model.versions).toEqual([
        expect.objectContaining({
          id: asIsVersion.id,
          number: 1,
          kind: 'as-is',
          parentVersionId: null,
        }),
        expect.objectContaining({
          id: toBe.id,
          number: 2,
          kind: 'to-be',
          parentVersionId: asIsVersion.id,
          revision: 2,
        }),
      ]);
      expect(model.versions[0]).not.toHaveProperty('document');
    });
  });
});
