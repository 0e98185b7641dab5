//! Roles. Every account is a citizen; the other roles are granted by an
//! administrator. Organizer rights come from organization membership, not
//! from a role.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Innbygger: every account.
    Citizen,
    /// Saksbehandler in Bamsefondet.
    Caseworker,
    /// Second signature on fund decisions.
    Approver,
    /// Staff at a BUA lending location.
    LendingStaff,
    /// Municipal administrator.
    Admin,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Citizen,
        Role::Caseworker,
        Role::Approver,
        Role::LendingStaff,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Citizen => "citizen",
            Role::Caseworker => "caseworker",
            Role::Approver => "approver",
            Role::LendingStaff => "lending_staff",
            Role::Admin => "admin",
        }
    }

    /// Whether an administrator grants and revokes this role. Citizen is
    /// implicit: every account holds it and it cannot be taken away.
    pub fn is_grantable(self) -> bool {
        !matches!(self, Role::Citizen)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role `{0}`")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| UnknownRole(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_round_trips_through_its_name_and_serde() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>().unwrap(), role);
            let json = serde_json::to_string(&role).unwrap();
            assert_eq!(json, format!("\"{}\"", role.as_str()));
        }
    }

    #[test]
    fn only_citizen_is_not_grantable() {
        let grantable: Vec<Role> = Role::ALL.into_iter().filter(|r| r.is_grantable()).collect();
        assert_eq!(
            grantable,
            [
                Role::Caseworker,
                Role::Approver,
                Role::LendingStaff,
                Role::Admin
            ]
        );
    }

    #[test]
    fn unknown_names_are_rejected() {
        assert!("superuser".parse::<Role>().is_err());
        assert!("Admin".parse::<Role>().is_err());
    }
}
