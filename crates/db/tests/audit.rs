//! The audit log is append-only: the database itself refuses changes.

use diesel::sql_types::BigInt;
use diesel_async::RunQueryDsl;
use fritid_db::audit::{self, NewAuditEvent};
use fritid_db::test_support::TestDatabase;

#[tokio::test]
async fn audit_rows_cannot_be_changed_or_removed() {
    let db = TestDatabase::new().await;
    let mut conn = db.connect().await;
    let event = NewAuditEvent {
        actor_id: None,
        action: "role.grant",
        subject_type: "user",
        subject_id: Some("u1".into()),
        details: serde_json::json!({"role": "admin"}),
    };
    audit::record(&mut conn, &event).await.unwrap();

    for sql in [
        "UPDATE audit_log SET action = 'x'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
    ] {
        let err = diesel::sql_query(sql)
            .execute(&mut conn)
            .await
            .expect_err(sql);
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }

    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let count: Count = diesel::sql_query("SELECT count(*) AS n FROM audit_log")
        .get_result(&mut conn)
        .await
        .unwrap();
    assert_eq!(count.n, 1);
    let events = audit::for_subject(&mut conn, "user", "u1").await.unwrap();
    assert_eq!(events[0].action, "role.grant");
    assert_eq!(events[0].details["role"], "admin");
}
