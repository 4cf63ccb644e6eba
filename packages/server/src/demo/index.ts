export {
  DEMO_ORGANIZATION,
  DEMO_PASSWORD,
  DEMO_TEAMS,
  DEMO_USERS,
  type DemoRole,
  type DemoTeam,
  type DemoUser,
} from './demo-organization.ts';
export {
  type DemoCase,
  type DemoEvent,
  type DemoOutcome,
  type DemoWorkspace,
  type DemoWorkspaceOptions,
  generateDemoWorkspace,
} from './generate-demo-workspace.ts';
export { DEMO_TIME_ZONE, DEMO_WORKING_CALENDAR } from './working-clock.ts';
