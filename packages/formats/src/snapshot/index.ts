export {
  type DealSnapshotOptions,
  type EventColumn,
  parseEventColumns,
  readDealSnapshot,
} from './read-deal-snapshot.ts';
