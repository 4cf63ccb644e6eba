import { analyzeLog, EventLogBuilder } from '@pipewise/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from './database/open-store.ts';
import { importDataset, loadEventLog } from './datasets/datasets.ts';
import {
  createProcessModel,
  saveVersion,
  VersionConflictError,
} from './process-models/process-models.ts';
import { addMember, createOrganization, createUser, listMembers } from './tenancy/tenancy.ts';
import { openTestStore, storeTargets } from './testing/test-stores.ts';

describe.each(storeTargets())('the store on %s', (target) => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore(target);
  });
  afterAll(() => store.close());

  it('reads a dataset back into the very event log it stored, in its own organization only', async () => {
    const org = await createOrganization(store.db, { name: 'A', slug: 'a' });
    const other = await createOrganization(store.db, { name: 'B', slug: 'b' });
    const builder = new EventLogBuilder();
    builder.add('D1', '线索', Date.UTC(2024, 0, 1, 1), '张三');
    builder.add('D1', '报价', Date.UTC(2024, 0, 3, 1));
    builder.add('D2', '线索', Date.UTC(2024, 0, 2, 1), '李四');
    builder.add('D1', '报价', Date.UTC(2024, 0, 3, 1), '张三');
    builder.setCaseAttribute('团队', builder.caseIds.intern('D1'), '华东区销售组');
    const log = builder.build();
    const dataset = await importDataset(
      store.db,
      {
        organizationId: org.id,
        name: 'deals',
        sourceFile: 'deals.csv',
        format: 'csv',
        mapping: { case: 'id' },
        importReport: { rows: 4 },
        createdBy: null,
      },
      log,
    );
    expect(dataset).toMatchObject({ event_count: 4, case_count: 2 });
    const back = await loadEventLog(store.db, org.id, dataset.id);
    expect(back && analyzeLog(back)).toEqual(analyzeLog(log));
    expect(back?.caseAttributes).toEqual(log.caseAttributes);
    expect(await loadEventLog(store.db, other.id, dataset.id)).toBeUndefined();
  });

  it('refuses the second of two saves made from the same revision', async () => {
    const org = await createOrganization(store.db, { name: 'C', slug: 'c' });
    const { version } = await createProcessModel(
      store.db,
      { organizationId: org.id, name: '销售流程', document: { steps: 1 } },
      null,
    );
    const first = await saveVersion(
      store.db,
      org.id,
      version.id,
      { document: { steps: 2 }, expectedRevision: 1 },
      null,
    );
    expect(first?.revision).toBe(2);
    await expect(
      saveVersion(
        store.db,
        org.id,
        version.id,
        { document: { steps: 3 }, expectedRevision: 1 },
        null,
      ),
    ).rejects.toBeInstanceOf(VersionConflictError);
  });

  it('keeps e-mails unique whatever their case', async () => {
    const org = await createOrganization(store.db, { name: 'D', slug: 'd' });
    const user = await createUser(store.db, {
      email: 'Ann@Example.com',
      name: 'Ann',
      passwordHash: 'x',
    });
    await addMember(store.db, { organizationId: org.id, userId: user.id, role: 'viewer' });
    await expect(
      createUser(store.db, { email: 'ann@example.com', name: 'Ann 2', passwordHash: 'x' }),
    ).rejects.toThrow();
    expect(await listMembers(store.db, org.id)).toEqual([
      { userId: user.id, email: 'Ann@Example.com', name: 'Ann', role: 'viewer', department: null },
    ]);
  });
});
