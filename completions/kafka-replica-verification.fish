complete -c kafka-replica-verification -l broker-list -d 'REQUIRED: the list of hostname and port of the server to connect to (or --bootstrap-server)' -r
complete -c kafka-replica-verification -l fetch-size -d 'The fetch size of each request (bytes per partition)' -r
complete -c kafka-replica-verification -l max-wait-ms -d 'The max amount of time each fetch request waits (ms)' -r
complete -c kafka-replica-verification -l report-interval-ms -d 'The reporting interval (ms)' -r
complete -c kafka-replica-verification -l time -d 'Timestamp for getting the initial offsets: a timestamp, -1 (latest) or -2 (earliest)' -r
complete -c kafka-replica-verification -l topics-include -d 'The topics to verify: a Java regex (default: every topic)' -r
complete -c kafka-replica-verification -l output -d 'Output format: the Java tool\'s text (default), JSON, or a table' -r -f -a "text\t'Exactly what the Java tool prints'
json\t'One JSON document per call (JSON Lines for streams), stable field names'
table\t'A human-friendly table'"
complete -c kafka-replica-verification -l bootstrap-server -d 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]' -r
complete -c kafka-replica-verification -l command-config -d 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)' -r -F
complete -c kafka-replica-verification -l command-property -d 'A client property KEY=VALUE; repeatable, overrides --command-config' -r
complete -c kafka-replica-verification -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-replica-verification -s V -l version -d 'Print version'
