complete -c kafka-console-consumer -l topic -d 'The topic to consume from' -r
complete -c kafka-console-consumer -l include -d 'Regular expression selecting the topics to consume from' -r
complete -c kafka-console-consumer -l partition -d 'Consume only this partition (no group); starts at the end unless --offset is given' -r
complete -c kafka-console-consumer -l offset -d 'Where to start: earliest, latest, an offset, a time (2026-11-25T10:00:00Z) or a time ago (-15m, -2h, -1d)' -r -f -a "earliest\t''
latest\t''"
complete -c kafka-console-consumer -l max-messages -d 'Exit after this many records' -r
complete -c kafka-console-consumer -l timeout-ms -d 'Exit when no record arrives for this long (ms)' -r
complete -c kafka-console-consumer -l group -d 'The consumer group id (default: a random console-consumer-N without commits)' -r
complete -c kafka-console-consumer -l isolation-level -d 'read_uncommitted (default) or read_committed' -r -f -a "read_committed\t''
read_uncommitted\t''"
complete -c kafka-console-consumer -l formatter -d 'Formatter class: DefaultMessageFormatter (default), LoggingMessageFormatter, NoOpMessageFormatter' -r -f -a "org.apache.kafka.tools.consumer.DefaultMessageFormatter\t''
org.apache.kafka.tools.consumer.LoggingMessageFormatter\t''
org.apache.kafka.tools.consumer.NoOpMessageFormatter\t''"
complete -c kafka-console-consumer -l formatter-property -d 'A formatter property: print.key, print.value, print.timestamp, print.partition, print.offset, print.delivery, print.epoch, print.headers, key.separator, line.separator, headers.separator, null.literal, key.deserializer, value.deserializer, ...' -r
complete -c kafka-console-consumer -l property -d 'Deprecated alias of --formatter-property' -r
complete -c kafka-console-consumer -l formatter-config -d 'Java properties file with formatter properties' -r -F
complete -c kafka-console-consumer -l key-deserializer -d 'Deserializer class for keys (formatter property key.deserializer)' -r
complete -c kafka-console-consumer -l value-deserializer -d 'Deserializer class for values (formatter property value.deserializer)' -r
complete -c kafka-console-consumer -l consumer-property -d 'Deprecated alias of --command-property' -r
complete -c kafka-console-consumer -l consumer.config -d 'Deprecated alias of --command-config' -r -F
complete -c kafka-console-consumer -l output -d 'Output format: the Java tool\'s text (default), JSON, or a table' -r -f -a "text\t'Exactly what the Java tool prints'
json\t'One JSON document per call (JSON Lines for streams), stable field names'
table\t'A human-friendly table'"
complete -c kafka-console-consumer -l bootstrap-server -d 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]' -r
complete -c kafka-console-consumer -l command-config -d 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)' -r -F
complete -c kafka-console-consumer -l command-property -d 'A client property KEY=VALUE; repeatable, overrides --command-config' -r
complete -c kafka-console-consumer -l from-beginning -d 'Start with the earliest record when the group has no committed offset'
complete -c kafka-console-consumer -l to-end -d 'Exit once every assigned partition has reached the end it had at start'
complete -c kafka-console-consumer -l skip-message-on-error -d 'Skip a record the formatter cannot print instead of stopping'
complete -c kafka-console-consumer -l enable-systest-events -d 'Print shutdown_complete on stdout at shutdown (Kafka\'s system tests)'
complete -c kafka-console-consumer -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-console-consumer -s V -l version -d 'Print version'
