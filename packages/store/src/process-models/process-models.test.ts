import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../audit/record-audit.ts';
import type { Store } from '../database/open-store.ts';
import { createOrganization, createUser } from '../tenancy/tenancy.ts';
import { openTestStore, storeTargets } from '../testing/test-stores.ts';
import {
  createProcessModel,
  createVersion,
  findVersion,
  listProcessModels,
  saveVersion,
  VersionConflictError,
} from './process-models.ts';

const AS_IS = { steps: ['线索', '报价', '合同评审'] };
const TO_BE = { steps: ['线索', '报价'] };

describe.each(storeTargets())('process models on %s', (target) => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore(target);
  });
  afterAll(() => store.close());

  let serial = 0;
  async function modelOf() {
    serial++;
    const org = await createOrganization(store.db, {
      name: `Org ${serial}`,
      slug: `org-${serial}`,
    });
    const user = await createUser(store.db, {
      email: `modeller${serial}@example.com`,
      name: `Modeller ${serial}`,
      passwordHash: 'x',
    });
    const { model, version } = await createProcessModel(
      store.db,
      { organizationId: org.id, name: '销售流程', document: AS_IS },
      user.id,
    );
    return { org, user, model, version };
  }

  it('start with version 1, the as-is, at revision 1', async () => {
    const { org, user, model, version } = await modelOf();
    expect(version).toMatchObject({
      model_id: model.id,
      number: 1,
      label: 'as-is',
      kind: 'as-is',
      parent_version_id: null,
      document: AS_IS,
      revision: 1,
      created_by: user.id,
    });
    expect(await listAudit(store.db, org.id)).toMatchObject([
      {
        action: 'create',
        entity: 'process-model',
        entityId: model.id,
        after: { version: version.id },
      },
    ]);
  });

  it('number new versions 1, 2, 3 in order, whichever version they derive from', async () => {
    const { org, user, model, version } = await modelOf();
    const second = await createVersion(
      store.db,
      org.id,
      { parentVersionId: version.id, document: TO_BE, label: 'to-be A', kind: 'to-be' },
      user.id,
    );
    const third = await createVersion(
      store.db,
      org.id,
      { parentVersionId: version.id, document: TO_BE, label: 'to-be B', kind: 'to-be' },
      user.id,
    );
    expect(second).toMatchObject({ number: 2, parent_version_id: version.id, revision: 1 });
    expect(third).toMatchObject({ number: 3, parent_version_id: version.id, label: 'to-be B' });

    const [listed] = await listProcessModels(store.db, org.id);
    expect(listed?.id).toBe(model.id);
    expect(listed?.versions.map(({ number, label }) => ({ number, label }))).toEqual([
      { number: 1, label: 'as-is' },
      { number: 2, label: 'to-be A' },
      { number: 3, label: 'to-be B' },
    ]);
    // Listings leave the documents out; a version is opened on its own.
    expect(listed?.versions[0]).not.toHaveProperty('document');
    expect((await findVersion(store.db, org.id, third!.id))?.document).toEqual(TO_BE);
    expect((await listAudit(store.db, org.id, 1))[0]).toMatchObject({
      action: 'create',
      entity: 'model-version',
      entityId: third!.id,
      after: { model: model.id, number: 3, label: 'to-be B', parent: version.id },
    });
  });

  it('give versions created at the same time different numbers', async () => {
    const { org, user, version } = await modelOf();
    const created = await Promise.all(
      ['A', 'B', 'C', 'D'].map((label) =>
        createVersion(
          store.db,
          org.id,
          { parentVersionId: version.id, document: TO_BE, label, kind: 'to-be' },
          user.id,
        ),
      ),
    );
    expect(created.map((next) => next?.number).sort()).toEqual([2, 3, 4, 5]);
  });

  it('refuse to derive a version from another organization’s', async () => {
    const { model, version } = await modelOf();
    const { org: other, user: intruder } = await modelOf();
    expect(
      await createVersion(
        store.db,
        other.id,
        { parentVersionId: version.id, document: TO_BE, label: 'stolen', kind: 'to-be' },
        intruder.id,
      ),
    ).toBeUndefined();
    const versions = await store.db
      .selectFrom('process_model_versions')
      .select('number')
      .where('model_id', '=', model.id)
      .execute();
    expect(versions).toEqual([{ number: 1 }]);
  });

  it('save a document at the revision it was read at, audited with before and after', async () => {
    const { org, user, version } = await modelOf();
    const saved = await saveVersion(
      store.db,
      org.id,
      version.id,
      { document: TO_BE, expectedRevision: 1 },
      user.id,
    );
    expect(saved).toMatchObject({ id: version.id, document: TO_BE, revision: 2 });
    expect((await listAudit(store.db, org.id, 1))[0]).toMatchObject({
      action: 'update',
      entity: 'model-version',
      entityId: version.id,
      userId: user.id,
      before: AS_IS,
      after: TO_BE,
    });

    const again = await saveVersion(
      store.db,
      org.id,
      version.id,
      { document: AS_IS, expectedRevision: 2 },
      user.id,
    );
    expect(again?.revision).toBe(3);
  });

  it('refuse a save made from an older revision, saying which one is current', async () => {
    const { org, user, version } = await modelOf();
    await saveVersion(
      store.db,
      org.id,
      version.id,
      { document: TO_BE, expectedRevision: 1 },
      user.id,
    );
    const stale = saveVersion(
      store.db,
      org.id,
      version.id,
      { document: { steps: [] }, expectedRevision: 1 },
      user.id,
    );
    await expect(stale).rejects.toBeInstanceOf(VersionConflictError);
    await expect(stale).rejects.toMatchObject({ currentRevision: 2 });
    expect(await findVersion(store.db, org.id, version.id)).toMatchObject({
      document: TO_BE,
      revision: 2,
    });
  });

  it('let only one of two saves made at the same time from one revision through', async () => {
    const { org, user, version } = await modelOf();
    const results = await Promise.allSettled(
      [TO_BE, { steps: [] }].map((document) =>
        saveVersion(store.db, org.id, version.id, { document, expectedRevision: 1 }, user.id),
      ),
    );
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((result) => result.status === 'rejected');
    expect(refused?.reason).toBeInstanceOf(VersionConflictError);
    expect((await findVersion(store.db, org.id, version.id))?.revision).toBe(2);
  });

  it('of another organization are not found, listed or saved', async () => {
    const { org, version } = await modelOf();
    const { org: other, user: intruder } = await modelOf();
    expect(await findVersion(store.db, other.id, version.id)).toBeUndefined();
    expect((await listProcessModels(store.db, other.id)).map((model) => model.name)).toEqual([
      '销售流程',
    ]);
    expect(
      (await listProcessModels(store.db, other.id))[0]?.versions.map((v) => v.id),
    ).not.toContain(version.id);
    expect(
      await saveVersion(
        store.db,
        other.id,
        version.id,
        { document: { steps: [] }, expectedRevision: 1 },
        intruder.id,
      ),
    ).toBeUndefined();
    expect(await findVersion(store.db, org.id, version.id)).toMatchObject({
      document: AS_IS,
      revision: 1,
    });
  });
});
