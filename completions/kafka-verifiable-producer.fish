complete -c kafka-verifiable-producer -l topic -d 'REQUIRED: the topic to produce to' -r
complete -c kafka-verifiable-producer -l max-messages -d 'Produce this many messages (-1: until stopped)' -r
complete -c kafka-verifiable-producer -l throughput -d 'Messages per second at most (-1: no throttling)' -r
complete -c kafka-verifiable-producer -l acks -d 'Acknowledgements each produce request waits for: 0, 1 or -1' -r -f -a "0\t''
1\t''
-1\t''"
complete -c kafka-verifiable-producer -l producer.config -d 'Deprecated alias of --command-config' -r -F
complete -c kafka-verifiable-producer -l message-create-time -d 'Timestamp (ms) of the first record; later ones grow with the elapsed time (-1: now)' -r
complete -c kafka-verifiable-producer -l value-prefix -d 'Values become <prefix>.<i>' -r
complete -c kafka-verifiable-producer -l repeating-keys -d 'Keys cycle over 0..N-1 (default: null keys)' -r
complete -c kafka-verifiable-producer -l bootstrap-server -d 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]' -r
complete -c kafka-verifiable-producer -l command-config -d 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)' -r -F
complete -c kafka-verifiable-producer -l command-property -d 'A client property KEY=VALUE; repeatable, overrides --command-config' -r
complete -c kafka-verifiable-producer -s h -l help -d 'Print help'
complete -c kafka-verifiable-producer -s V -l version -d 'Print version'
