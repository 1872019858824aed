//! ACLs (CreateAcls, DescribeAcls, DeleteAcls) through the native path: librdkafka's ACL
//! enums stop before the USER and DELEGATION_TOKEN resource types and the token and
//! two-phase-commit operations, so every ACL request goes here.
//!
//! The enums carry Kafka's wire codes and Java's constant names (`TOPIC`, `PREFIXED`,
//! `IDEMPOTENT_WRITE`, `ALLOW`), which is how Java prints them.

use anyhow::Result;
use kafka_protocol::messages::{CreateAclsRequest, DeleteAclsRequest, DescribeAclsRequest};

use super::quotas::{s, text, BrokerError};
use crate::client::native::{Native, Target};

/// Generates an enum of Kafka's ACL model with its wire codes and Java constant names;
/// `Unknown` stands for any code this client does not know (Java's `UNKNOWN`).
macro_rules! kafka_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $code:literal, $java:literal;)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub(crate) enum $name {
            /// A code this client does not know (Java's `UNKNOWN`).
            Unknown,
            $(
                #[allow(missing_docs)]
                $variant,
            )*
        }

        impl $name {
            /// Every known value, in Kafka's code order.
            #[allow(dead_code)] // not every enum's list is used
            pub(crate) const ALL: &'static [Self] = &[$(Self::$variant),*];

            /// Kafka's wire code.
            pub(crate) fn code(self) -> i8 {
                match self {
                    Self::Unknown => 0,
                    $(Self::$variant => $code,)*
                }
            }

            /// From Kafka's wire code.
            pub(crate) fn from_code(code: i8) -> Self {
                match code {
                    $($code => Self::$variant,)*
                    _ => Self::Unknown,
                }
            }

            /// Java's constant name (`TOPIC`, `IDEMPOTENT_WRITE`).
            pub(crate) fn name(self) -> &'static str {
                match self {
                    Self::Unknown => "UNKNOWN",
                    $(Self::$variant => $java,)*
                }
            }
        }
    };
}

kafka_enum! {
    /// Kafka's `ResourceType`.
    ResourceType {
        Any = 1, "ANY";
        Topic = 2, "TOPIC";
        Group = 3, "GROUP";
        Cluster = 4, "CLUSTER";
        TransactionalId = 5, "TRANSACTIONAL_ID";
        DelegationToken = 6, "DELEGATION_TOKEN";
        User = 7, "USER";
    }
}

kafka_enum! {
    /// Kafka's `PatternType`.
    PatternType {
        Any = 1, "ANY";
        Match = 2, "MATCH";
        Literal = 3, "LITERAL";
        Prefixed = 4, "PREFIXED";
    }
}

kafka_enum! {
    /// Kafka's `AclOperation`.
    AclOperation {
        Any = 1, "ANY";
        All = 2, "ALL";
        Read = 3, "READ";
        Write = 4, "WRITE";
        Create = 5, "CREATE";
        Delete = 6, "DELETE";
        Alter = 7, "ALTER";
        Describe = 8, "DESCRIBE";
        ClusterAction = 9, "CLUSTER_ACTION";
        DescribeConfigs = 10, "DESCRIBE_CONFIGS";
        AlterConfigs = 11, "ALTER_CONFIGS";
        IdempotentWrite = 12, "IDEMPOTENT_WRITE";
        CreateTokens = 13, "CREATE_TOKENS";
        DescribeTokens = 14, "DESCRIBE_TOKENS";
        TwoPhaseCommit = 15, "TWO_PHASE_COMMIT";
    }
}

kafka_enum! {
    /// Kafka's `AclPermissionType`.
    PermissionType {
        Any = 1, "ANY";
        Deny = 2, "DENY";
        Allow = 3, "ALLOW";
    }
}

impl PatternType {
    /// Whether it names one kind of pattern (LITERAL, PREFIXED), not a filter (ANY, MATCH).
    pub(crate) fn is_specific(self) -> bool {
        matches!(self, Self::Literal | Self::Prefixed)
    }
}

impl AclOperation {
    /// Java's `SecurityUtils.operationName`: the constant in Pascal case (`IdempotentWrite`).
    pub(crate) fn pascal_name(self) -> String {
        pascal_case(self.name())
    }

    /// Java's `SecurityUtils.operation`: the Pascal-case name, or any case of it in upper case
    /// (`READ`, `read`, `idempotentwrite`); anything else is `Unknown`.
    pub(crate) fn parse(name: &str) -> Self {
        let upper = name.to_uppercase();
        Self::ALL
            .iter()
            .copied()
            .find(|op| {
                let pascal = op.pascal_name();
                pascal == name || pascal.to_uppercase() == upper
            })
            .unwrap_or(Self::Unknown)
    }
}

/// `IDEMPOTENT_WRITE` as `IdempotentWrite`.
fn pascal_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = true;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// A resource pattern (`ResourcePattern`), or a pattern filter when its type or pattern type
/// is a filter value (`ANY`, `MATCH`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct ResourcePattern {
    /// The resource type.
    pub(crate) resource_type: ResourceType,
    /// The resource name (`None` in a filter: any name).
    pub(crate) name: Option<String>,
    /// How the name matches.
    pub(crate) pattern_type: PatternType,
}

/// An access control entry (`AccessControlEntry`), or an entry filter when a field is `None`
/// or a filter value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct AccessControlEntry {
    /// `principalType:name` (`None` in a filter: any principal).
    pub(crate) principal: Option<String>,
    /// The host (`None` in a filter: any host).
    pub(crate) host: Option<String>,
    /// The operation.
    pub(crate) operation: AclOperation,
    /// Allow or deny.
    pub(crate) permission: PermissionType,
}

impl AccessControlEntry {
    /// The filter that matches any entry (`AccessControlEntryFilter.ANY`).
    pub(crate) fn any() -> Self {
        Self {
            principal: None,
            host: None,
            operation: AclOperation::Any,
            permission: PermissionType::Any,
        }
    }
}

/// An ACL binding (`AclBinding`): a resource pattern and an entry; with filter values, an
/// `AclBindingFilter`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct AclBinding {
    /// The resource.
    pub(crate) pattern: ResourcePattern,
    /// The entry.
    pub(crate) entry: AccessControlEntry,
}

/// Where ACL requests go: the active controller with `--bootstrap-controller`, else any broker
/// (which forwards writes to the controller), as Java's admin client sends them.
fn target(native: &Native) -> Target {
    if native.to_controllers() {
        Target::Controller
    } else {
        Target::Any
    }
}

/// The bindings that match `filter` (DescribeAcls), or the broker's error.
pub(crate) async fn describe_acls(
    native: &Native,
    filter: &AclBinding,
) -> Result<std::result::Result<Vec<AclBinding>, BrokerError>> {
    let build = |_| {
        DescribeAclsRequest::default()
            .with_resource_type_filter(filter.pattern.resource_type.code())
            .with_resource_name_filter(filter.pattern.name.as_deref().map(s))
            .with_pattern_type_filter(filter.pattern.pattern_type.code())
            .with_principal_filter(filter.entry.principal.as_deref().map(s))
            .with_host_filter(filter.entry.host.as_deref().map(s))
            .with_operation(filter.entry.operation.code())
            .with_permission_type(filter.entry.permission.code())
    };
    let (response, _) = native
        .call::<DescribeAclsRequest, _, _>(&target(native), 1, build, |r| r.error_code)
        .await?;
    if response.error_code != 0 {
        return Ok(Err((
            response.error_code,
            text(response.error_code, response.error_message.as_ref()),
        )));
    }
    let mut bindings = Vec::new();
    for resource in response.resources {
        let pattern = ResourcePattern {
            resource_type: ResourceType::from_code(resource.resource_type),
            name: Some(resource.resource_name.to_string()),
            pattern_type: PatternType::from_code(resource.pattern_type),
        };
        for acl in resource.acls {
            bindings.push(AclBinding {
                pattern: pattern.clone(),
                entry: AccessControlEntry {
                    principal: Some(acl.principal.to_string()),
                    host: Some(acl.host.to_string()),
                    operation: AclOperation::from_code(acl.operation),
                    permission: PermissionType::from_code(acl.permission_type),
                },
            });
        }
    }
    Ok(Ok(bindings))
}

/// Creates `bindings` (CreateAcls); returns the broker's error for each, in order.
pub(crate) async fn create_acls(
    native: &Native,
    bindings: &[AclBinding],
) -> Result<Vec<Option<BrokerError>>> {
    use kafka_protocol::messages::create_acls_request::AclCreation;
    let build = |_| {
        CreateAclsRequest::default().with_creations(
            bindings
                .iter()
                .map(|b| {
                    AclCreation::default()
                        .with_resource_type(b.pattern.resource_type.code())
                        .with_resource_name(s(b.pattern.name.as_deref().unwrap_or_default()))
                        .with_resource_pattern_type(b.pattern.pattern_type.code())
                        .with_principal(s(b.entry.principal.as_deref().unwrap_or_default()))
                        .with_host(s(b.entry.host.as_deref().unwrap_or_default()))
                        .with_operation(b.entry.operation.code())
                        .with_permission_type(b.entry.permission.code())
                })
                .collect(),
        )
    };
    let (response, _) = native
        .call::<CreateAclsRequest, _, _>(&target(native), 1, build, |r| {
            r.results.first().map_or(0, |e| e.error_code)
        })
        .await?;
    Ok(response
        .results
        .into_iter()
        .map(|r| {
            (r.error_code != 0)
                .then(|| (r.error_code, text(r.error_code, r.error_message.as_ref())))
        })
        .collect())
}

/// Deletes the bindings that match each filter (DeleteAcls); returns, per filter in order, the
/// bindings deleted or the broker's error (for the filter, or for a matching binding).
pub(crate) async fn delete_acls(
    native: &Native,
    filters: &[AclBinding],
) -> Result<Vec<std::result::Result<Vec<AclBinding>, BrokerError>>> {
    use kafka_protocol::messages::delete_acls_request::DeleteAclsFilter;
    let build = |_| {
        DeleteAclsRequest::default().with_filters(
            filters
                .iter()
                .map(|f| {
                    DeleteAclsFilter::default()
                        .with_resource_type_filter(f.pattern.resource_type.code())
                        .with_resource_name_filter(f.pattern.name.as_deref().map(s))
                        .with_pattern_type_filter(f.pattern.pattern_type.code())
                        .with_principal_filter(f.entry.principal.as_deref().map(s))
                        .with_host_filter(f.entry.host.as_deref().map(s))
                        .with_operation(f.entry.operation.code())
                        .with_permission_type(f.entry.permission.code())
                })
                .collect(),
        )
    };
    let (response, _) = native
        .call::<DeleteAclsRequest, _, _>(&target(native), 1, build, |r| {
            r.filter_results.first().map_or(0, |e| e.error_code)
        })
        .await?;
    Ok(response
        .filter_results
        .into_iter()
        .map(|result| {
            if result.error_code != 0 {
                return Err((
                    result.error_code,
                    text(result.error_code, result.error_message.as_ref()),
                ));
            }
            result
                .matching_acls
                .into_iter()
                .map(|m| {
                    if m.error_code != 0 {
                        return Err((m.error_code, text(m.error_code, m.error_message.as_ref())));
                    }
                    Ok(AclBinding {
                        pattern: ResourcePattern {
                            resource_type: ResourceType::from_code(m.resource_type),
                            name: Some(m.resource_name.to_string()),
                            pattern_type: PatternType::from_code(m.pattern_type),
                        },
                        entry: AccessControlEntry {
                            principal: Some(m.principal.to_string()),
                            host: Some(m.host.to_string()),
                            operation: AclOperation::from_code(m.operation),
                            permission: PermissionType::from_code(m.permission_type),
                        },
                    })
                })
                .collect()
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_parse_as_javas_security_utils() {
        assert_eq!(AclOperation::parse("Read"), AclOperation::Read);
        assert_eq!(AclOperation::parse("READ"), AclOperation::Read);
        assert_eq!(AclOperation::parse("read"), AclOperation::Read);
        assert_eq!(
            AclOperation::parse("IdempotentWrite"),
            AclOperation::IdempotentWrite
        );
        assert_eq!(
            AclOperation::parse("idempotentwrite"),
            AclOperation::IdempotentWrite
        );
        assert_eq!(
            AclOperation::parse("IDEMPOTENT_WRITE"),
            AclOperation::Unknown
        );
        assert_eq!(
            AclOperation::parse("TwoPhaseCommit"),
            AclOperation::TwoPhaseCommit
        );
        assert_eq!(AclOperation::parse("Any"), AclOperation::Any);
        assert_eq!(AclOperation::parse("bogus"), AclOperation::Unknown);
        assert_eq!(AclOperation::ClusterAction.pascal_name(), "ClusterAction");
    }

    #[test]
    fn codes_round_trip_and_unknown_codes_are_unknown() {
        for op in AclOperation::ALL {
            assert_eq!(AclOperation::from_code(op.code()), *op);
        }
        assert_eq!(ResourceType::from_code(7), ResourceType::User);
        assert_eq!(ResourceType::from_code(42), ResourceType::Unknown);
        assert_eq!(PatternType::from_code(4).name(), "PREFIXED");
        assert_eq!(PermissionType::from_code(2).name(), "DENY");
        assert!(PatternType::Literal.is_specific() && !PatternType::Match.is_specific());
    }
}
