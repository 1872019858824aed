//! Version negotiation: each request goes out at the highest version both sides know.

use std::collections::HashMap;

use kafka_protocol::messages::ApiVersionsResponse;
use kafka_protocol::protocol::VersionRange;

use super::frame::api_name;

/// The API versions one broker (or controller) announced in its ApiVersions response.
#[derive(Debug, Clone, Default)]
pub(crate) struct BrokerApis {
    ranges: HashMap<i16, (i16, i16)>,
}

impl BrokerApis {
    /// Reads the ranges out of an ApiVersions response.
    pub(crate) fn from_response(response: &ApiVersionsResponse) -> Self {
        Self {
            ranges: response
                .api_keys
                .iter()
                .map(|k| (k.api_key, (k.min_version, k.max_version)))
                .collect(),
        }
    }

    /// The ranges given as `(key, min, max)`, for tests.
    #[cfg(test)]
    pub(crate) fn of(ranges: &[(i16, i16, i16)]) -> Self {
        Self {
            ranges: ranges.iter().map(|&(k, a, b)| (k, (a, b))).collect(),
        }
    }

    /// The broker's range for `key`, if it knows the API.
    pub(crate) fn range(&self, key: i16) -> Option<(i16, i16)> {
        self.ranges.get(&key).copied()
    }

    /// The version to send `key` at: the highest that we (`ours`) and the broker both know, and
    /// at least `floor` (the version that carries a feature the caller needs). The error is one
    /// line naming the API, what the broker has, and what is needed.
    pub(crate) fn choose(&self, key: i16, ours: VersionRange, floor: i16) -> Result<i16, String> {
        let name = api_name(key);
        let Some((broker_min, broker_max)) = self.range(key) else {
            return Err(format!(
                "the broker does not support {name} (API key {key}); it is too old for this \
                 command or the API is disabled on it"
            ));
        };
        let ours = VersionRange {
            min: ours.min,
            max: super::frame::our_max(key, ours.max),
        };
        let need = ours.min.max(floor);
        let version = ours.max.min(broker_max);
        if version < need || version < broker_min {
            let ours_text = if floor > ours.min {
                format!("version {floor} or newer for this option")
            } else {
                format!("versions {}-{}", ours.min, ours.max)
            };
            return Err(format!(
                "the broker supports {name} versions {broker_min}-{broker_max} only, and this \
                 command needs {ours_text}"
            ));
        }
        Ok(version)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OURS: VersionRange = VersionRange { min: 0, max: 10 };

    #[test]
    fn the_highest_common_version_wins() {
        // Kafka 4.4 knows ListOffsets 1-11, Kafka 3.9 1-9, an old broker 0-7.
        let apis = BrokerApis::of(&[(2, 1, 11)]);
        assert_eq!(apis.choose(2, OURS, 0), Ok(11));
        let apis = BrokerApis::of(&[(2, 1, 9)]);
        assert_eq!(apis.choose(2, OURS, 0), Ok(9));
        let apis = BrokerApis::of(&[(2, 1, 14)]);
        assert_eq!(
            apis.choose(2, OURS, 0),
            Ok(11),
            "a newer broker gets our newest"
        );
    }

    #[test]
    fn a_feature_floor_refuses_older_brokers_with_one_line() {
        // --time -6 (earliest pending upload) needs ListOffsets v11.
        let apis = BrokerApis::of(&[(2, 1, 9)]);
        let err = apis.choose(2, OURS, 11).unwrap_err();
        assert_eq!(
            err,
            "the broker supports ListOffsets versions 1-9 only, and this command needs \
             version 11 or newer for this option"
        );
        assert_eq!(apis.choose(2, OURS, 9), Ok(9));
    }

    #[test]
    fn unknown_apis_and_disjoint_ranges_are_named() {
        let apis = BrokerApis::of(&[(3, 12, 13)]);
        let err = apis
            .choose(75, VersionRange { min: 0, max: 0 }, 0)
            .unwrap_err();
        assert!(
            err.contains("DescribeTopicPartitions (API key 75)"),
            "{err}"
        );
        let err = apis
            .choose(3, VersionRange { min: 0, max: 11 }, 0)
            .unwrap_err();
        assert!(err.contains("Metadata versions 12-13 only"), "{err}");
    }
}
