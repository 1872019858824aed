complete -c kafka-reassign-partitions -l reassignment-json-file -d 'The JSON file of the reassignment: {"partitions":[{"topic":"foo","partition":1,"replicas":[1,2,3],"log_dirs":["any","any","any"]}],"version":1} (log_dirs optional: "any" or an absolute log directory of the broker)' -r -F
complete -c kafka-reassign-partitions -l topics-to-move-json-file -d 'The JSON file of the topics to move with --generate: {"topics":[{"topic":"foo"},{"topic":"foo1"}],"version":1}' -r -F
complete -c kafka-reassign-partitions -l broker-list -d 'The brokers to move the partitions to, "0,1,2" (required with --generate)' -r
complete -c kafka-reassign-partitions -l throttle -d 'Throttle moves between brokers to this many bytes/sec (at least 1 KB/s); with --additional, changes the throttle of an ongoing reassignment [default: -1]' -r
complete -c kafka-reassign-partitions -l replica-alter-log-dirs-throttle -d 'Throttle moves between log directories of a broker to this many bytes/sec [default: -1]' -r
complete -c kafka-reassign-partitions -l timeout -d 'The maximum time in ms to wait for log directory replica moves to begin [default: 10000]' -r
complete -c kafka-reassign-partitions -l bootstrap-controller -d 'The KRaft controllers to talk to directly, instead of brokers' -r
complete -c kafka-reassign-partitions -l output -d 'Output format: the Java tool\'s text (default), JSON, or a table' -r -f -a "text\t'Exactly what the Java tool prints'
json\t'One JSON document per call (JSON Lines for streams), stable field names'
table\t'A human-friendly table'"
complete -c kafka-reassign-partitions -l bootstrap-server -d 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]' -r
complete -c kafka-reassign-partitions -l command-config -d 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)' -r -F
complete -c kafka-reassign-partitions -l command-property -d 'A client property KEY=VALUE; repeatable, overrides --command-config' -r
complete -c kafka-reassign-partitions -l generate -d 'Generate a candidate partition reassignment configuration (it is not executed)'
complete -c kafka-reassign-partitions -l execute -d 'Kick off the reassignment given by --reassignment-json-file'
complete -c kafka-reassign-partitions -l verify -d 'Verify whether the reassignment of --reassignment-json-file completed; once it has, the throttles are removed'
complete -c kafka-reassign-partitions -l cancel -d 'Cancel an active reassignment'
complete -c kafka-reassign-partitions -l list -d 'List all active partition reassignments'
complete -c kafka-reassign-partitions -l disable-rack-aware -d 'Disable rack aware replica assignment'
complete -c kafka-reassign-partitions -l balance-leaders -d 'With --generate: also order each partition\'s replicas so that the preferred leaders are spread evenly over the brokers (not in the Java tool)'
complete -c kafka-reassign-partitions -l disallow-replication-factor-change -d 'Deny changing a partition\'s replication factor as part of this reassignment'
complete -c kafka-reassign-partitions -l additional -d 'Execute this reassignment in addition to any other ongoing ones (also: change the throttle of an ongoing reassignment)'
complete -c kafka-reassign-partitions -l preserve-throttles -d 'Do not modify broker or topic throttles'
complete -c kafka-reassign-partitions -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-reassign-partitions -s V -l version -d 'Print version'
