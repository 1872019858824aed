complete -c kafka-share-consumer-perf-test -l topic -d 'REQUIRED: the topic to consume from' -r
complete -c kafka-share-consumer-perf-test -l group -d 'The share group id to consume on' -r
complete -c kafka-share-consumer-perf-test -l fetch-size -d 'The amount of data to fetch in a single request (fetch.max.bytes)' -r
complete -c kafka-share-consumer-perf-test -l socket-buffer-size -d 'The size of the TCP receive buffer' -r
complete -c kafka-share-consumer-perf-test -l consumer.config -d '(DEPRECATED) consumer config properties file; use --command-config' -r -F
complete -c kafka-share-consumer-perf-test -l timeout -d 'The maximum time in milliseconds between returned records' -r
complete -c kafka-share-consumer-perf-test -l messages -d '(DEPRECATED) the number of records to consume; use --num-records' -r
complete -c kafka-share-consumer-perf-test -l num-records -d 'REQUIRED: the number of records to consume' -r
complete -c kafka-share-consumer-perf-test -l reporting-interval -d 'Interval in milliseconds at which to print progress info' -r
complete -c kafka-share-consumer-perf-test -l date-format -d 'The date format of the time fields (java.text.SimpleDateFormat)' -r
complete -c kafka-share-consumer-perf-test -l threads -d 'The number of share consumers (group members) sharing the load' -r
complete -c kafka-share-consumer-perf-test -l output -d 'Output format: the Java tool\'s text (default), JSON, or a table' -r -f -a "text\t'Exactly what the Java tool prints'
json\t'One JSON document per call (JSON Lines for streams), stable field names'
table\t'A human-friendly table'"
complete -c kafka-share-consumer-perf-test -l bootstrap-server -d 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]' -r
complete -c kafka-share-consumer-perf-test -l command-config -d 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)' -r -F
complete -c kafka-share-consumer-perf-test -l command-property -d 'A client property KEY=VALUE; repeatable, overrides --command-config' -r
complete -c kafka-share-consumer-perf-test -l print-metrics -d 'Print the consumer\'s metrics at the end'
complete -c kafka-share-consumer-perf-test -l show-detailed-stats -d 'Report stats for each reporting interval (instead of one summary line)'
complete -c kafka-share-consumer-perf-test -l hide-header -d 'Skip printing the header of the stats'
complete -c kafka-share-consumer-perf-test -l show-consumer-stats -d 'Also report each member\'s totals at the end'
complete -c kafka-share-consumer-perf-test -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-share-consumer-perf-test -s V -l version -d 'Print version'
