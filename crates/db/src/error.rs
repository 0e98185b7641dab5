use diesel::result::{DatabaseErrorKind, Error as DieselError};

/// A persistence error. Constraint violations keep the constraint's name so
/// the API can map each named rule to a clear 409/422.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database query failed: {0}")]
    Query(#[from] DieselError),
    #[error("no database connection available: {0}")]
    Pool(String),
    #[error("migration failed: {0}")]
    Migration(String),
}

impl DbError {
    /// The name of the violated constraint, for unique, foreign-key, check
    /// and exclusion violations.
    pub fn constraint(&self) -> Option<&str> {
        match self {
            DbError::Query(DieselError::DatabaseError(
                DatabaseErrorKind::UniqueViolation
                | DatabaseErrorKind::ForeignKeyViolation
                | DatabaseErrorKind::CheckViolation
                | DatabaseErrorKind::NotNullViolation
                | DatabaseErrorKind::ExclusionViolation,
                info,
            )) => info.constraint_name(),
            _ => None,
        }
    }
}

impl From<diesel_async::pooled_connection::deadpool::PoolError> for DbError {
    fn from(e: diesel_async::pooled_connection::deadpool::PoolError) -> Self {
        DbError::Pool(e.to_string())
    }
}
