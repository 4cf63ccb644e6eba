import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../audit/record-audit.ts';
import type { Store } from '../database/open-store.ts';
import { addMember, createOrganization, createUser } from '../tenancy/tenancy.ts';
import { openTestStore, storeTargets } from '../testing/test-stores.ts';
import { createProject, findProject, listProjects, updateProject } from './projects.ts';

describe.each(storeTargets())('projects on %s', (target) => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore(target);
  });
  afterAll(() => store.close());

  let serial = 0;
  async function ownerOf() {
    serial++;
    const org = await createOrganization(store.db, {
      name: `Org ${serial}`,
      slug: `org-${serial}`,
    });
    const user = await createUser(store.db, {
      email: `owner${serial}@example.com`,
      name: `Owner ${serial}`,
      passwordHash: 'x',
    });
    await addMember(store.db, { organizationId: org.id, userId: user.id, role: 'process_owner' });
    return { org, user };
  }

  it('start in the survey phase, owned by their creator, and are audited', async () => {
    const { org, user } = await ownerOf();
    const project = await createProject(
      store.db,
      { organizationId: org.id, name: '缩短报价周期' },
      user.id,
    );
    expect(project).toMatchObject({
      organization_id: org.id,
      name: '缩短报价周期',
      description: '',
      phase: 'survey',
      created_by: user.id,
      owners: [user.id],
    });
    expect(await findProject(store.db, org.id, project.id)).toEqual(project);
    expect(await listAudit(store.db, org.id)).toMatchObject([
      {
        action: 'create',
        entity: 'project',
        entityId: project.id,
        userId: user.id,
        after: { name: '缩短报价周期', phase: 'survey', owners: [user.id] },
      },
    ]);
  });

  it('take the owners they are given instead of their creator', async () => {
    const { org, user } = await ownerOf();
    const { user: other } = await ownerOf();
    const project = await createProject(
      store.db,
      { organizationId: org.id, name: 'P', ownerUserIds: [other.id] },
      user.id,
    );
    expect((await findProject(store.db, org.id, project.id))?.owners).toEqual([other.id]);
  });

  it('are listed oldest first, each with its owners', async () => {
    const { org, user } = await ownerOf();
    const first = await createProject(store.db, { organizationId: org.id, name: 'First' }, user.id);
    const second = await createProject(
      store.db,
      { organizationId: org.id, name: 'Second', ownerUserIds: [] },
      user.id,
    );
    expect(
      (await listProjects(store.db, org.id)).map(({ id, owners }) => ({ id, owners })),
    ).toEqual([
      { id: first.id, owners: [user.id] },
      { id: second.id, owners: [] },
    ]);
  });

  it('change only what an update names, and audit it with before and after', async () => {
    const { org, user } = await ownerOf();
    const project = await createProject(
      store.db,
      { organizationId: org.id, name: 'Quotes', description: 'too slow' },
      user.id,
    );
    const updated = await updateProject(
      store.db,
      org.id,
      project.id,
      { phase: 'diagnose' },
      user.id,
    );

    expect(updated).toMatchObject({
      id: project.id,
      name: 'Quotes',
      description: 'too slow',
      phase: 'diagnose',
      owners: [user.id],
    });
    expect(updated!.updated_at.getTime()).toBeGreaterThanOrEqual(project.updated_at.getTime());
    const [entry] = await listAudit(store.db, org.id, 1);
    expect(entry).toMatchObject({
      action: 'update',
      entity: 'project',
      entityId: project.id,
      userId: user.id,
      before: { name: 'Quotes', description: 'too slow', phase: 'survey' },
      after: { name: 'Quotes', description: 'too slow', phase: 'diagnose' },
    });
  });

  it('change nothing but name, description and phase, whatever else an update carries', async () => {
    const { org, user } = await ownerOf();
    const { org: other } = await ownerOf();
    const project = await createProject(
      store.db,
      { organizationId: org.id, name: 'Mine' },
      user.id,
    );
    // A request body passed on as it came: the organization must not change with it.
    const changes = { name: 'Renamed', organization_id: other.id, created_by: null };
    await updateProject(store.db, org.id, project.id, changes, user.id);
    expect(await findProject(store.db, org.id, project.id)).toMatchObject({
      name: 'Renamed',
      organization_id: org.id,
      created_by: user.id,
    });
  });

  it('of another organization are not found, listed or changed', async () => {
    const { org, user } = await ownerOf();
    const { org: other, user: intruder } = await ownerOf();
    const project = await createProject(
      store.db,
      { organizationId: org.id, name: 'Ours' },
      user.id,
    );

    expect(await findProject(store.db, other.id, project.id)).toBeUndefined();
    expect(await listProjects(store.db, other.id)).toEqual([]);
    expect(
      await updateProject(store.db, other.id, project.id, { name: 'Theirs' }, intruder.id),
    ).toBeUndefined();
    expect((await findProject(store.db, org.id, project.id))?.name).toBe('Ours');
    expect(await listAudit(store.db, other.id)).toEqual([]);
  });
});
