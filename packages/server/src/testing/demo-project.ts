import type { EventLog } from '@pipewise/engine';
import { createProcessModel, createProject, createVersion, importDataset } from '@pipewise/store';
import type { DemoWorkspace } from '../demo/generate-demo-workspace.ts';
import { buildDemoEventLog } from '../demo/seed-demo.ts';
import type { TestApp, TestOrganization } from './test-app.ts';

/**
 * A project of `organization`, made by its process owner, holding the demo's
 * stage history (商机阶段历史) as a dataset: what the design and diagnosis
 * route tests start from.
 */
export async function createDemoProject(
  test: TestApp,
  organization: TestOrganization,
  workspace: DemoWorkspace,
  options: { projectName?: string; timeZone?: string } = {},
): Promise<{ projectId: string; datasetId: string; log: EventLog }> {
  const db = test.store.db;
  const owner = organization.members.process_owner;
  const projectId = (
    await createProject(
      db,
      { organizationId: organization.id, name: options.projectName ?? 'P' },
      owner.userId,
    )
  ).id;
  const log = buildDemoEventLog(workspace);
  const datasetId = (
    await importDataset(
      db,
      {
        organizationId: organization.id,
        projectId,
        name: '商机阶段历史',
        sourceFile: 'demo.csv',
        format: 'csv',
        mapping: {
          case: '商机编号',
          activity: '阶段',
          timestamp: '时间',
          ...(options.timeZone ? { timeZone: options.timeZone } : {}),
        },
        importReport: { rows: log.eventCount },
        createdBy: owner.userId,
      },
      log,
    )
  ).id;
  return { projectId, datasetId, log };
}

/** The demo's as-is model in `projectId`, and its to-be draft as a version derived from it. */
export async function createDemoVersions(
  test: TestApp,
  organization: TestOrganization,
  projectId: string,
  workspace: DemoWorkspace,
): Promise<{ asIsVersionId: string; toBeVersionId: string }> {
  const db = test.store.db;
  const owner = organization.members.process_owner;
  const { version } = await createProcessModel(
    db,
    {
      organizationId: organization.id,
      projectId,
      name: '流程',
      document: workspace.asIsModel,
      kind: 'as-is',
    },
    owner.userId,
  );
  const toBe = await createVersion(
    db,
    organization.id,
    { parentVersionId: version.id, document: workspace.toBeModel, label: 'to-be', kind: 'to-be' },
    owner.userId,
  );
  if (!toBe) throw new Error('the demo to-be version was not made');
  return { asIsVersionId: version.id, toBeVersionId: toBe.id };
}
