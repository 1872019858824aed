complete -c kafka-topics -l topic -d 'The topic to create, alter, describe or delete; a regular expression except with --create' -r
complete -c kafka-topics -l topic-id -d 'The topic id to describe' -r
complete -c kafka-topics -l partitions -d 'The number of partitions for the topic being created or altered (default: the cluster\'s)' -r
complete -c kafka-topics -l replication-factor -d 'The replication factor for each partition of the topic being created (default: the cluster\'s)' -r
complete -c kafka-topics -l config -d 'A topic configuration override for the topic being created, name=value (repeatable)' -r
complete -c kafka-topics -l delete-config -d 'No longer supported (since Kafka 4.0); accepted and ignored with a notice' -r
complete -c kafka-topics -l replica-assignment -d 'Manual partition-to-broker assignments for the topic being created or altered: 0:1,1:2,...' -r
complete -c kafka-topics -l partition-size-limit-per-response -d 'Accepted for compatibility (DescribeTopicPartitions page size); librdkafka pages itself' -r
complete -c kafka-topics -l output -d 'Output format: the Java tool\'s text (default), JSON, or a table' -r -f -a "text\t'Exactly what the Java tool prints'
json\t'One JSON document per call (JSON Lines for streams), stable field names'
table\t'A human-friendly table'"
complete -c kafka-topics -l bootstrap-server -d 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]' -r
complete -c kafka-topics -l command-config -d 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)' -r -F
complete -c kafka-topics -l command-property -d 'A client property KEY=VALUE; repeatable, overrides --command-config' -r
complete -c kafka-topics -l create -d 'Create a new topic'
complete -c kafka-topics -l list -d 'List all available topics'
complete -c kafka-topics -l describe -d 'List details for the given topics'
complete -c kafka-topics -l alter -d 'Alter the number of partitions and replica assignment (configs: use kafka-configs)'
complete -c kafka-topics -l delete -d 'Delete a topic'
complete -c kafka-topics -l under-replicated-partitions -d 'With --describe, only show under-replicated partitions'
complete -c kafka-topics -l under-min-isr-partitions -d 'With --describe, only show partitions whose ISR count is below the configured minimum'
complete -c kafka-topics -l at-min-isr-partitions -d 'With --describe, only show partitions whose ISR count equals the configured minimum'
complete -c kafka-topics -l unavailable-partitions -d 'With --describe, only show partitions whose leader is not available'
complete -c kafka-topics -l topics-with-overrides -d 'With --describe, only show topics that have overridden configs'
complete -c kafka-topics -l broker-summary -d 'With --describe, print leaders, preferred leaders and replicas per broker (leader skew)'
complete -c kafka-topics -l if-exists -d 'With --alter, --delete or --describe, do nothing (and succeed) if the topic does not exist'
complete -c kafka-topics -l if-not-exists -d 'With --create, do not fail if the topic already exists'
complete -c kafka-topics -l exclude-internal -d 'Leave internal topics (__consumer_offsets, ...) out of --list and --describe'
complete -c kafka-topics -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-topics -s V -l version -d 'Print version'
