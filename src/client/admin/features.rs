//! Feature flags through the native path: what a node supports and what the cluster finalized
//! (the feature fields of ApiVersions), and UpdateFeatures to the active controller (brokers
//! forward it). librdkafka has neither.

use anyhow::Result;
use kafka_protocol::messages::{ApiVersionsRequest, UpdateFeaturesRequest};
use kafka_protocol::protocol::StrBytes;

use crate::client::native::{error_text, Native, Target};

/// Java's `timeoutMs` of UpdateFeatures (its default api timeout).
const UPDATE_TIMEOUT_MS: i32 = 60_000;

/// One feature a node supports, with the cluster's finalized level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FeatureState {
    /// The feature's name.
    pub(crate) name: String,
    /// The lowest level the node supports.
    pub(crate) min_supported: i16,
    /// The highest level the node supports.
    pub(crate) max_supported: i16,
    /// The finalized level (0 when the cluster finalized none).
    pub(crate) finalized: i16,
}

/// The features of one node (ApiVersions), sorted by name as Java prints them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FeatureMetadata {
    /// The supported features, by name.
    pub(crate) features: Vec<FeatureState>,
    /// The epoch of the finalized features, when the node knows it.
    pub(crate) epoch: Option<i64>,
}

/// Describes the features of `node` (any node when `None`).
pub(crate) async fn describe_features(
    native: &Native,
    node: Option<i32>,
) -> Result<FeatureMetadata> {
    let target = node.map_or(Target::Any, Target::Node);
    let build = |_| {
        ApiVersionsRequest::default()
            .with_client_software_name(StrBytes::from_static_str("kafka-tools"))
            .with_client_software_version(StrBytes::from_static_str(env!("CARGO_PKG_VERSION")))
    };
    let (response, _) = native
        .call::<ApiVersionsRequest, _, _>(&target, 3, build, |r| r.error_code)
        .await?;
    if response.error_code != 0 {
        return Err(super::quorum::broker_error(response.error_code, None));
    }
    let mut features: Vec<FeatureState> = response
        .supported_features
        .iter()
        .map(|f| FeatureState {
            name: f.name.to_string(),
            min_supported: f.min_version,
            max_supported: f.max_version,
            finalized: response
                .finalized_features
                .iter()
                .find(|g| g.name == f.name)
                .map_or(0, |g| g.max_version_level),
        })
        .collect();
    features.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(FeatureMetadata {
        features,
        epoch: Some(response.finalized_features_epoch).filter(|e| *e >= 0),
    })
}

/// How a feature level may change (Java's `FeatureUpdate.UpgradeType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UpgradeType {
    /// Only to a higher level.
    Upgrade,
    /// To a lower level that loses no metadata.
    SafeDowngrade,
    /// To a lower level even if metadata is lost.
    UnsafeDowngrade,
}

impl UpgradeType {
    fn code(self) -> i8 {
        match self {
            Self::Upgrade => 1,
            Self::SafeDowngrade => 2,
            Self::UnsafeDowngrade => 3,
        }
    }
}

/// Asks the controller to set each feature to its level (`validate_only`: only check). Returns
/// each feature's outcome in the order given: `None`, or the error's message as Java's
/// exception carries it.
pub(crate) async fn update_features(
    native: &Native,
    updates: &[(String, i16)],
    kind: UpgradeType,
    validate_only: bool,
) -> Result<Vec<(String, Option<String>)>> {
    use kafka_protocol::messages::update_features_request::FeatureUpdateKey;
    let build = |version: i16| {
        UpdateFeaturesRequest::default()
            .with_timeout_ms(UPDATE_TIMEOUT_MS)
            .with_validate_only(validate_only && version >= 1)
            .with_feature_updates(
                updates
                    .iter()
                    .map(|(name, level)| {
                        let key = FeatureUpdateKey::default()
                            .with_feature(StrBytes::from_string(name.clone()))
                            .with_max_version_level(*level);
                        if version == 0 {
                            key.with_allow_downgrade(kind != UpgradeType::Upgrade)
                        } else {
                            key.with_upgrade_type(kind.code())
                        }
                    })
                    .collect(),
            )
    };
    let (response, version) = native
        .call::<UpdateFeaturesRequest, _, _>(&Target::Controller, 0, build, |r| r.error_code)
        .await?;
    if response.error_code != 0 {
        let text = error_text(response.error_code, response.error_message.as_deref());
        return Ok(updates
            .iter()
            .map(|(name, _)| (name.clone(), Some(text.clone())))
            .collect());
    }
    Ok(updates
        .iter()
        .map(|(name, _)| {
            let result = response
                .results
                .iter()
                .find(|r| r.feature.as_str() == name.as_str());
            let outcome = match result {
                Some(r) if r.error_code != 0 => {
                    Some(error_text(r.error_code, r.error_message.as_deref()))
                }
                Some(_) => None,
                // From v2 the controller answers for all features at once.
                None if version >= 2 => None,
                None => Some(format!(
                    "The controller response did not contain a result for feature {name}"
                )),
            };
            (name.clone(), outcome)
        })
        .collect())
}
