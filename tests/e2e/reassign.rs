//! kafka-reassign-partitions against the three-broker cluster, compared with the Java tool.
