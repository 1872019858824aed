complete -c kafka-producer-perf-test -l topic -d 'Produce records to this topic' -r
complete -c kafka-producer-perf-test -l num-records -d 'Number of records to produce' -r
complete -c kafka-producer-perf-test -l record-size -d 'Record size in bytes (one of --record-size, --payload-file, --payload-monotonic)' -r
complete -c kafka-producer-perf-test -l payload-file -d 'File to read the record payloads from (UTF-8 text); each record takes a random one' -r -F
complete -c kafka-producer-perf-test -l payload-delimiter -d 'The delimiter (a Java regex) of the payloads in --payload-file' -r
complete -c kafka-producer-perf-test -l throughput -d 'Throttle to approximately THROUGHPUT records/sec (-1: no throttling)' -r
complete -c kafka-producer-perf-test -l producer-props -d '(DEPRECATED) producer properties KEY=VALUE ...; use --command-property' -r
complete -c kafka-producer-perf-test -l producer.config -d '(DEPRECATED) producer config properties file; use --command-config' -r -F
complete -c kafka-producer-perf-test -l transactional-id -d 'The transactional id to use (turns transactions on)' -r
complete -c kafka-producer-perf-test -l transaction-duration-ms -d 'Commit a transaction after this many ms (turns transactions on; default 3000 with an id)' -r
complete -c kafka-producer-perf-test -l warmup-records -d 'Records to treat as warmup, left out of a second, steady-state summary' -r
complete -c kafka-producer-perf-test -l reporting-interval -d 'Interval in milliseconds at which to print progress info' -r
complete -c kafka-producer-perf-test -l record-key-range -d 'Keys are integers in [0, KEY-RANGE) (with --key-distribution range or random)' -r
complete -c kafka-producer-perf-test -l key-distribution -d 'none (null keys), range (round-robin in [0, KEY-RANGE)) or random' -r -f -a "none\t''
range\t''
random\t''"
complete -c kafka-producer-perf-test -l random-seed -d 'Seed of the random keys and payloads (0: the same run every time)' -r
complete -c kafka-producer-perf-test -l output -d 'Output format: the Java tool\'s text (default), JSON, or a table' -r -f -a "text\t'Exactly what the Java tool prints'
json\t'One JSON document per call (JSON Lines for streams), stable field names'
table\t'A human-friendly table'"
complete -c kafka-producer-perf-test -l bootstrap-server -d 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]' -r
complete -c kafka-producer-perf-test -l command-config -d 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)' -r -F
complete -c kafka-producer-perf-test -l command-property -d 'A client property KEY=VALUE; repeatable, overrides --command-config' -r
complete -c kafka-producer-perf-test -l payload-monotonic -d 'Payload is a monotonically increasing integer'
complete -c kafka-producer-perf-test -l print-metrics -d 'Print the producer\'s metrics at the end of the test'
complete -c kafka-producer-perf-test -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-producer-perf-test -s V -l version -d 'Print version'
