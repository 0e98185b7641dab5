//! Id newtypes, so that ids of different things cannot be mixed up.

use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

macro_rules! id_newtype {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid, example = "0b9a4c1e-3f55-4b7e-9a57-2a3c1d2e4f60"))]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            pub fn into_uuid(self) -> Uuid {
                self.0
            }
        }

        impl From<Uuid> for $name {
            fn from(id: Uuid) -> Self {
                Self(id)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

id_newtype!(
    /// A user account.
    UserId
);

id_newtype!(
    /// A club, association or other organizer.
    OrganizationId
);

id_newtype!(
    /// A place where activities happen.
    PlaceId
);

id_newtype!(
    /// An activity in the calendar.
    ActivityId
);

id_newtype!(
    /// A sign-up for an activity.
    SignupId
);

id_newtype!(
    /// A Bamsefondet fund.
    FundId
);

id_newtype!(
    /// An application round of a fund.
    RoundId
);

id_newtype!(
    /// An application to a fund (søknad).
    ApplicationId
);

id_newtype!(
    /// A file attached to a fund application.
    AttachmentId
);

id_newtype!(
    /// A BUA lending location.
    LocationId
);

id_newtype!(
    /// A BUA equipment model (a kind of ski, helmet, tent).
    ModelId
);

id_newtype!(
    /// One physical item BUA lends out.
    UnitId
);

id_newtype!(
    /// A BUA loan, from reservation to return.
    LoanId
);
