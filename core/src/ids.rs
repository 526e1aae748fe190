//! Typed identifiers. Every id is a UUIDv7 (time-ordered) wrapped in its own type so that a
//! `UserId` can never be passed where a `TenantId` is expected.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
        pub struct $name(Uuid);

        impl $name {
            /// A fresh, time-ordered id.
            pub fn generate() -> Self {
                Self(Uuid::now_v7())
            }

            /// Wraps an existing UUID (from storage or the wire).
            pub const fn from_uuid(uuid: Uuid) -> Self {
                Self(uuid)
            }

            /// The underlying UUID.
            pub const fn as_uuid(&self) -> &Uuid {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }

        #[cfg(feature = "graphql")]
        async_graphql::scalar!($name);
    };
}

id_type!(
    /// The provider: the one installation-wide root above every tenant.
    ProviderId
);
id_type!(
    /// A tenant (the provider's virtual root tenant included).
    TenantId
);
id_type!(
    /// A user account.
    UserId
);
id_type!(
    /// A login session: the family of refresh tokens issued from one login.
    SessionId
);
id_type!(
    /// One refresh token of a session.
    RefreshTokenId
);
id_type!(
    /// One audit record.
    AuditId
);
id_type!(
    /// One outbox event.
    EventId
);
id_type!(
    /// A compartment: a nested scope inside a tenant.
    CompartmentId
);
id_type!(
    /// A group of users (groups nest).
    GroupId
);
id_type!(
    /// A role: a system role or a tenant's custom role.
    RoleId
);
id_type!(
    /// One assignment of a role to a user or group at a scope.
    AssignmentId
);
id_type!(
    /// An API key.
    ApiKeyId
);
id_type!(
    /// An invitation to join a tenant.
    InvitationId
);
id_type!(
    /// One Cedar policy of a tenant's policy set.
    PolicyId
);
id_type!(
    /// One run of a durable workflow.
    RunId
);
id_type!(
    /// A workflow schedule (cron).
    ScheduleId
);
id_type!(
    /// A signal sent to a workflow run.
    SignalId
);

id_type!(
    /// A configuration item in the CMDB.
    CiId
);
id_type!(
    /// A tenant's custom CI class.
    CiClassId
);
id_type!(
    /// A relationship between two configuration items.
    RelationshipId
);
id_type!(
    /// A saved CMDB search.
    SavedSearchId
);
id_type!(
    /// One in-app notification to a user.
    NotificationId
);
id_type!(
    /// A tenant's notification channel (an SMTP server or a webhook).
    ChannelId
);
id_type!(
    /// A notification template (a tenant's or a global one).
    TemplateId
);
id_type!(
    /// One durable delivery of a notification through a channel.
    DeliveryId
);

id_type!(
    /// An approval request.
    ApprovalId
);
id_type!(
    /// A tenant's approval policy (chain mode and steps for one operation type).
    ApprovalPolicyId
);
id_type!(
    /// A CI template.
    CiTemplateId
);
id_type!(
    /// A service offering of the catalog.
    OfferingId
);
id_type!(
    /// A price list of the catalog.
    PriceListId
);
id_type!(
    /// A tenant's pin of a price-list version.
    PinId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_time_ordered_and_round_trip() -> Result<(), uuid::Error> {
        let a = UserId::generate();
        let b = UserId::generate();
        assert!(a < b, "UUIDv7 ids must sort by creation time");
        assert_eq!(a.to_string().parse::<UserId>()?, a);
        assert_eq!(a.as_uuid().get_version_num(), 7);
        Ok(())
    }
}
