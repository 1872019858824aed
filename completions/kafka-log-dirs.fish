complete -c kafka-log-dirs -l broker-list -d 'The brokers to query, "0,1,2" (default: every broker of the cluster)' -r
complete -c kafka-log-dirs -l topic-list -d 'The topics to query, "topic1,topic2,topic3" (default: every topic)' -r
complete -c kafka-log-dirs -l output -d 'Output format: the Java tool\'s text (default), JSON, or a table' -r -f -a "text\t'Exactly what the Java tool prints'
json\t'One JSON document per call (JSON Lines for streams), stable field names'
table\t'A human-friendly table'"
complete -c kafka-log-dirs -l bootstrap-server -d 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]' -r
complete -c kafka-log-dirs -l command-config -d 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)' -r -F
complete -c kafka-log-dirs -l command-property -d 'A client property KEY=VALUE; repeatable, overrides --command-config' -r
complete -c kafka-log-dirs -l describe -d 'Describe the specified log directories on the specified brokers'
complete -c kafka-log-dirs -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-log-dirs -s V -l version -d 'Print version'
