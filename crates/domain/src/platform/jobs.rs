//! What administrators see of the periodic jobs and the outbox.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One periodic job and how its last run went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "name": "send_outbox", "every_seconds": 5, "next_run_at": "2027-01-12T09:30:05Z", "running": false,
    "last_started_at": "2027-01-12T09:30:00Z", "last_finished_at": "2027-01-12T09:30:00Z",
    "last_ok": true, "last_summary": "3 sent, 0 to retry, 0 given up", "runs": 1520, "failures": 0
})))]
pub struct JobStatus {
    pub name: String,
    pub every_seconds: i32,
    pub next_run_at: DateTime<Utc>,
    /// A node runs it right now.
    pub running: bool,
    pub last_started_at: Option<DateTime<Utc>>,
    pub last_finished_at: Option<DateTime<Utc>>,
    /// Whether the last finished run succeeded (none yet: null).
    pub last_ok: Option<bool>,
    /// What the last run did, or its error.
    pub last_summary: Option<String>,
    pub runs: i64,
    pub failures: i64,
}

/// The jobs and the outbox at a glance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JobsOverview {
    pub jobs: Vec<JobStatus>,
    /// Messages still to be e-mailed (due now or waiting for a retry).
    pub outbox_waiting: i64,
    /// Messages given up after repeated failures (their error is kept).
    pub outbox_given_up: i64,
}
