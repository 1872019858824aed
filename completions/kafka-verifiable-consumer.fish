complete -c kafka-verifiable-consumer -l topic -d 'REQUIRED: the topic to consume from' -r
complete -c kafka-verifiable-consumer -l group-id -d 'REQUIRED: the consumer group id' -r
complete -c kafka-verifiable-consumer -l group-instance-id -d 'Static membership id (group.instance.id)' -r
complete -c kafka-verifiable-consumer -l group-protocol -d 'Group protocol: classic or consumer' -r -f -a "classic\t''
consumer\t''"
complete -c kafka-verifiable-consumer -l group-remote-assignor -d 'Server-side assignor (consumer protocol only)' -r
complete -c kafka-verifiable-consumer -l assignment-strategy -d 'Assignment strategy (classic protocol only)' -r
complete -c kafka-verifiable-consumer -l max-messages -d 'Stop after this many records (-1: until stopped)' -r
complete -c kafka-verifiable-consumer -l session-timeout -d 'Session timeout in ms (classic protocol)' -r
complete -c kafka-verifiable-consumer -l reset-policy -d 'Where to start without a committed offset: earliest, latest or none' -r -f -a "earliest\t''
latest\t''
none\t''"
complete -c kafka-verifiable-consumer -l consumer.config -d 'Deprecated alias of --command-config' -r -F
complete -c kafka-verifiable-consumer -l close-timeout -d 'Accepted for compatibility (Kafka 4.4); closing waits for the group coordinator' -r
complete -c kafka-verifiable-consumer -l bootstrap-server -d 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]' -r
complete -c kafka-verifiable-consumer -l command-config -d 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)' -r -F
complete -c kafka-verifiable-consumer -l command-property -d 'A client property KEY=VALUE; repeatable, overrides --command-config' -r
complete -c kafka-verifiable-consumer -l verbose -d 'Also print one record_data event per record'
complete -c kafka-verifiable-consumer -l enable-autocommit -d 'Let the consumer commit automatically instead of after every poll'
complete -c kafka-verifiable-consumer -s h -l help -d 'Print help'
complete -c kafka-verifiable-consumer -s V -l version -d 'Print version'
