import { type Kysely, sql } from 'kysely';

/**
 * A dataset's events and case rows no longer have foreign keys to
 * `datasets`. PostgreSQL checks a foreign key with one lookup per inserted
 * row, and that was about half of the time it took to store a dataset (1M
 * events with 100k cases, `npm run bench:store`: ~5 s of ~10 s on
 * PostgreSQL, where the target is 10 s; ~7 s of ~15 s on PGlite).
 * These rows are only ever written by `importDataset`, in the transaction
 * that creates their dataset, so the check guarded nothing; the other thing
 * the keys did, deleting the rows with their dataset (or with its
 * organization, whose key cascades to `datasets`), a trigger on `datasets`
 * now does.
 */
const STATEMENTS = [
  'alter table dataset_events drop constraint dataset_events_dataset_id_fkey',
  'alter table dataset_cases drop constraint dataset_cases_dataset_id_fkey',
  `create function delete_dataset_rows() returns trigger language plpgsql as $$
  begin
    delete from dataset_events where dataset_id = old.id;
    delete from dataset_cases where dataset_id = old.id;
    return null;
  end
  $$`,
  `create trigger datasets_delete_rows after delete on datasets
    for each row execute function delete_dataset_rows()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
