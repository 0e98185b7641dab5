//! Every migration's `down.sql` undoes its `up.sql`: after each step up and
//! back down, the catalog is exactly what it was before the step.

#![allow(clippy::expect_used)]

use diesel::connection::SimpleConnection;
use diesel::{Connection, QueryableByName, RunQueryDsl};
use diesel_async::async_connection_wrapper::AsyncConnectionWrapper;
use diesel_async::AsyncPgConnection;
use diesel_migrations::MigrationHarness;
use fritid_db::migrate::MIGRATIONS;
use fritid_db::test_support::TestDatabase;

type SyncConn = AsyncConnectionWrapper<AsyncPgConnection>;

#[derive(QueryableByName)]
struct Line {
    #[diesel(sql_type = diesel::sql_types::Text)]
    line: String,
}

/// A text picture of everything the migrations can create in `public`.
fn catalog(conn: &mut SyncConn) -> Vec<String> {
    let sql = r#"
        SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' null=' || is_nullable
               || ' default=' || coalesce(column_default, '') AS line
          FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name <> '__diesel_schema_migrations'
        UNION ALL
        SELECT 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
          FROM pg_constraint WHERE connamespace = 'public'::regnamespace
           AND conrelid::regclass::text <> '__diesel_schema_migrations'
        UNION ALL
        SELECT 'index ' || indexname || ' ' || indexdef FROM pg_indexes
         WHERE schemaname = 'public' AND tablename <> '__diesel_schema_migrations'
        UNION ALL
        SELECT 'trigger ' || tgrelid::regclass::text || ' ' || tgname FROM pg_trigger WHERE NOT tgisinternal
        UNION ALL
        SELECT 'function ' || proname || '(' || pg_get_function_identity_arguments(oid) || ')'
          FROM pg_proc WHERE pronamespace = 'public'::regnamespace
        UNION ALL
        SELECT 'type ' || typname FROM pg_type
         WHERE typnamespace = 'public'::regnamespace AND typtype IN ('e', 'd', 'c') AND typrelid = 0
        UNION ALL
        SELECT 'extension ' || extname FROM pg_extension WHERE extname <> 'plpgsql'
        ORDER BY 1
    "#;
    diesel::sql_query(sql)
        .load::<Line>(conn)
        .expect("read catalog")
        .into_iter()
        .map(|l| l.line)
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_down_migration_undoes_its_up_migration() {
    let db = TestDatabase::empty().await;
    let url = db.url().to_owned();
    tokio::task::spawn_blocking(move || {
        let mut conn = SyncConn::establish(&url).expect("connect");
        let mut steps = 0;
        loop {
            let before = catalog(&mut conn);
            let Some(_) = conn.run_next_migration(MIGRATIONS).ok() else {
                break;
            };
            let pending_after = conn.pending_migrations(MIGRATIONS).expect("pending").len();
            let after_up = catalog(&mut conn);
            assert_ne!(before, after_up, "migration step {steps} changed nothing");
            let reverted = conn.revert_last_migration(MIGRATIONS).expect("revert");
            assert_eq!(
                catalog(&mut conn),
                before,
                "down.sql of {reverted} does not undo its up.sql"
            );
            conn.run_next_migration(MIGRATIONS)
                .expect("re-apply after revert");
            assert_eq!(
                catalog(&mut conn),
                after_up,
                "re-applying {reverted} gave a different schema"
            );
            steps += 1;
            if pending_after == 0 {
                break;
            }
        }
        assert!(steps > 0, "no migrations ran");
        assert!(conn
            .pending_migrations(MIGRATIONS)
            .expect("pending")
            .is_empty());
        // And the whole stack goes down to nothing.
        conn.revert_all_migrations(MIGRATIONS).expect("revert all");
        assert!(
            catalog(&mut conn).is_empty(),
            "objects left after reverting everything: {:?}",
            catalog(&mut conn)
        );
        conn.batch_execute("SELECT 1")
            .expect("connection still usable");
    })
    .await
    .expect("migration test thread");
}
