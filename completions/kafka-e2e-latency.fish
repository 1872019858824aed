complete -c kafka-e2e-latency -l topic -d 'REQUIRED: the topic to use for the test (created with 1 partition if missing)' -r
complete -c kafka-e2e-latency -l num-records -d 'REQUIRED: the number of records to send' -r
complete -c kafka-e2e-latency -l producer-acks -d 'REQUIRED: producer acknowledgements, \'1\' or \'all\'' -r
complete -c kafka-e2e-latency -l record-size -d 'REQUIRED: the size of each record\'s value in bytes' -r
complete -c kafka-e2e-latency -l record-key-size -d 'The size of each record\'s key in bytes' -r
complete -c kafka-e2e-latency -l record-header-key-size -d 'The size of each header\'s key in bytes' -r
complete -c kafka-e2e-latency -l record-header-size -d 'The size of each header\'s value in bytes (-1: a null value)' -r
complete -c kafka-e2e-latency -l num-headers -d 'The number of headers of each record' -r
complete -c kafka-e2e-latency -l output -d 'Output format: the Java tool\'s text (default), JSON, or a table' -r -f -a "text\t'Exactly what the Java tool prints'
json\t'One JSON document per call (JSON Lines for streams), stable field names'
table\t'A human-friendly table'"
complete -c kafka-e2e-latency -l bootstrap-server -d 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]' -r
complete -c kafka-e2e-latency -l command-config -d 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)' -r -F
complete -c kafka-e2e-latency -l command-property -d 'A client property KEY=VALUE; repeatable, overrides --command-config' -r
complete -c kafka-e2e-latency -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-e2e-latency -s V -l version -d 'Print version'
