//! Kafka's on-disk log formats, shared by the offline tools (`kafka-dump-log`,
//! `kafka-metadata-shell`): record batches read from segment and snapshot files a batch at a
//! time (`batch`), and the records' values decoded with Kafka's JSON message schemas (`schema`).

pub(crate) mod batch;
pub(crate) mod schema;
pub(crate) mod writer;
