/**
 * A delivery to the big-data platform that ends `failed` (QP-15) tells the operator once: the row
 * records when its failure was announced, and the claim `SET failure_notified_at = now() WHERE
 * failure_notified_at IS NULL` is what keeps two instances or a restarted job from announcing it twice.
 * A re-send or a new revision takes the delivery out of `failed` and clears the mark, so a failure after
 * it is a new one. Deliveries already failed before this migration are announced by the next job run:
 * nobody was told of them either.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE data_sync_deliveries ADD COLUMN failure_notified_at timestamptz`.execute(db);
  await sql`
    ALTER TABLE data_sync_deliveries ADD CONSTRAINT data_sync_deliveries_failure_notified_check
      CHECK (failure_notified_at IS NULL OR status = 'failed')
  `.execute(db);
}
