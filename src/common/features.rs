//! Kafka 4.4's built-in feature tables: the metadata versions (`MetadataVersion`) and the
//! production features (`kraft.version`, `transaction.version`, ...) with the metadata version
//! each level comes with and what each level depends on. kafka-features prints them
//! (`version-mapping`, `feature-dependencies`) and resolves `--release-version` with them;
//! kafka-storage prints the same tables.
//!
//! Read from Kafka 4.4.0's server-common (`MetadataVersion`, `Feature` and the `*Version`
//! enums) and checked against the Java tool's output for every release version.

/// The name of the metadata version feature.
pub(crate) const METADATA_VERSION: &str = "metadata.version";

/// Every metadata version Kafka 4.4 knows, `(feature level, release version)`, oldest first;
/// the last ones are not production-ready yet (see [`LATEST_PRODUCTION`]).
pub(crate) const METADATA_VERSIONS: &[(i16, &str)] = &[
    (7, "3.3-IV3"),
    (8, "3.4-IV0"),
    (9, "3.5-IV0"),
    (10, "3.5-IV1"),
    (11, "3.5-IV2"),
    (12, "3.6-IV0"),
    (13, "3.6-IV1"),
    (14, "3.6-IV2"),
    (15, "3.7-IV0"),
    (16, "3.7-IV1"),
    (17, "3.7-IV2"),
    (18, "3.7-IV3"),
    (19, "3.7-IV4"),
    (20, "3.8-IV0"),
    (21, "3.9-IV0"),
    (22, "4.0-IV0"),
    (23, "4.0-IV1"),
    (24, "4.0-IV2"),
    (25, "4.0-IV3"),
    (26, "4.1-IV0"),
    (27, "4.1-IV1"),
    (28, "4.2-IV0"),
    (29, "4.2-IV1"),
    (30, "4.3-IV0"),
    (31, "4.4-IV0"),
    (32, "4.4-IV1"),
    (33, "4.4-IV2"),
    (34, "4.5-IV0"),
];

/// The newest production metadata version (`MetadataVersion.LATEST_PRODUCTION`).
pub(crate) const LATEST_PRODUCTION: &str = "4.4-IV2";

/// The oldest metadata version (`MetadataVersion.MINIMUM_VERSION`).
pub(crate) const MINIMUM_VERSION: &str = "3.3-IV3";

/// One level of a feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FeatureLevel {
    /// The feature level.
    pub(crate) level: i16,
    /// The metadata version from which this level is the default (`bootstrapMetadataVersion`).
    pub(crate) since: &'static str,
    /// The features (name, level) this level needs, in Java's order.
    pub(crate) dependencies: &'static [(&'static str, i16)],
}

/// One production feature and its levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Feature {
    /// Its name, e.g. `group.version`.
    pub(crate) name: &'static str,
    /// Its levels, lowest first.
    pub(crate) levels: &'static [FeatureLevel],
}

const fn level(level: i16, since: &'static str) -> FeatureLevel {
    FeatureLevel {
        level,
        since,
        dependencies: &[],
    }
}

/// The production features (`Feature.PRODUCTION_FEATURES`), in Java's order.
pub(crate) const FEATURES: &[Feature] = &[
    Feature {
        name: "kraft.version",
        levels: &[level(0, MINIMUM_VERSION), level(1, "3.9-IV0")],
    },
    Feature {
        name: "transaction.version",
        levels: &[
            level(0, MINIMUM_VERSION),
            level(1, "4.0-IV2"),
            level(2, "4.0-IV2"),
        ],
    },
    Feature {
        name: "group.version",
        levels: &[level(0, MINIMUM_VERSION), level(1, "4.0-IV0")],
    },
    Feature {
        name: "eligible.leader.replicas.version",
        levels: &[
            level(0, MINIMUM_VERSION),
            FeatureLevel {
                level: 1,
                since: "4.1-IV0",
                dependencies: &[(METADATA_VERSION, 23)],
            },
        ],
    },
    Feature {
        name: "share.version",
        levels: &[
            level(0, MINIMUM_VERSION),
            level(1, "4.2-IV0"),
            level(2, "4.4-IV0"),
        ],
    },
    Feature {
        name: "streams.version",
        levels: &[level(0, MINIMUM_VERSION), level(1, "4.2-IV1")],
    },
];

/// The feature level of a release version (`3.9-IV0` is 21). Like Java's
/// `MetadataVersion.fromVersionString`, a release without its `-IVn` means its last one.
pub(crate) fn metadata_level(release: &str) -> Option<i16> {
    if let Some(&(level, _)) = METADATA_VERSIONS.iter().find(|(_, name)| *name == release) {
        return Some(level);
    }
    METADATA_VERSIONS
        .iter()
        .rev()
        .find(|(_, name)| name.split('-').next() == Some(release))
        .map(|&(level, _)| level)
}

/// The release version of a metadata feature level (21 is `3.9-IV0`).
pub(crate) fn metadata_name(level: i16) -> Option<&'static str> {
    METADATA_VERSIONS
        .iter()
        .find(|(l, _)| *l == level)
        .map(|&(_, name)| name)
}

/// A metadata feature level as Java's tools print it: the release version, or `UNKNOWN <n>`.
pub(crate) fn metadata_text(level: i16) -> String {
    metadata_name(level).map_or_else(|| format!("UNKNOWN {level}"), str::to_string)
}

/// The release versions, comma-separated, as Java lists them in its messages.
pub(crate) fn metadata_names() -> String {
    METADATA_VERSIONS
        .iter()
        .map(|(_, name)| *name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The production feature named `name`.
pub(crate) fn feature(name: &str) -> Option<&'static Feature> {
    FEATURES.iter().find(|f| f.name == name)
}

impl Feature {
    /// The level this feature defaults to at metadata level `metadata` (`Feature.defaultLevel`):
    /// the highest level whose metadata version is not newer.
    pub(crate) fn default_level(&self, metadata: i16) -> i16 {
        self.levels
            .iter()
            .filter(|l| metadata_level(l.since).is_some_and(|since| since <= metadata))
            .map(|l| l.level)
            .max()
            .unwrap_or(0)
    }

    /// The level `level` of this feature, if it has one.
    pub(crate) fn level(&self, level: i16) -> Option<&'static FeatureLevel> {
        self.levels.iter().find(|l| l.level == level)
    }
}

/// The features a release version sets (`version-mapping`): `metadata.version` and then each
/// production feature, with their levels.
pub(crate) fn mapping(metadata: i16) -> Vec<(&'static str, i16)> {
    std::iter::once((METADATA_VERSION, metadata))
        .chain(FEATURES.iter().map(|f| (f.name, f.default_level(metadata))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Java 4.4's `kafka-features version-mapping --release-version V`, without the
    /// metadata.version line, for a few versions where a default changes.
    #[test]
    fn defaults_follow_javas_mapping() {
        let cases: &[(&str, [i16; 6])] = &[
            ("3.3-IV3", [0, 0, 0, 0, 0, 0]),
            ("3.8-IV0", [0, 0, 0, 0, 0, 0]),
            ("3.9-IV0", [1, 0, 0, 0, 0, 0]),
            ("4.0-IV0", [1, 0, 1, 0, 0, 0]),
            ("4.0-IV1", [1, 0, 1, 0, 0, 0]),
            ("4.0-IV2", [1, 2, 1, 0, 0, 0]),
            ("4.1-IV0", [1, 2, 1, 1, 0, 0]),
            ("4.2-IV0", [1, 2, 1, 1, 1, 0]),
            ("4.2-IV1", [1, 2, 1, 1, 1, 1]),
            ("4.3-IV0", [1, 2, 1, 1, 1, 1]),
            ("4.4-IV0", [1, 2, 1, 1, 2, 1]),
            ("4.4-IV2", [1, 2, 1, 1, 2, 1]),
            ("4.5-IV0", [1, 2, 1, 1, 2, 1]),
        ];
        for (release, levels) in cases {
            let metadata = metadata_level(release).unwrap();
            let got: Vec<i16> = mapping(metadata)[1..].iter().map(|(_, l)| *l).collect();
            assert_eq!(got, levels.to_vec(), "{release}");
        }
    }

    #[test]
    fn release_versions_and_levels_map_both_ways() {
        assert_eq!(metadata_level("3.9-IV0"), Some(21));
        assert_eq!(metadata_level(LATEST_PRODUCTION), Some(33));
        assert_eq!(metadata_level("3.7"), Some(19));
        assert_eq!(metadata_level("3.2-IV0"), None);
        assert_eq!(metadata_text(34), "4.5-IV0");
        assert_eq!(metadata_text(1), "UNKNOWN 1");
        let levels: Vec<i16> = METADATA_VERSIONS.iter().map(|(l, _)| *l).collect();
        assert_eq!(levels, (7..=34).collect::<Vec<_>>());
        assert!(metadata_names().starts_with("3.3-IV3, 3.4-IV0, "));
        assert!(metadata_names().ends_with("4.4-IV2, 4.5-IV0"));
    }

    #[test]
    fn dependencies_are_javas() {
        let elr = feature("eligible.leader.replicas.version").unwrap();
        assert_eq!(
            elr.level(1).unwrap().dependencies,
            &[(METADATA_VERSION, 23)]
        );
        assert!(feature("kraft.version")
            .unwrap()
            .level(1)
            .unwrap()
            .dependencies
            .is_empty());
        assert!(feature("kraft.version").unwrap().level(2).is_none());
        assert!(feature("nope").is_none());
    }
}
