complete -c kafka-verifiable-share-consumer -l topic -d 'REQUIRED: the topic to consume from' -r
complete -c kafka-verifiable-share-consumer -l group-id -d 'REQUIRED: the share group id' -r
complete -c kafka-verifiable-share-consumer -l max-messages -d 'Stop after this many records were acknowledged (-1: until stopped)' -r
complete -c kafka-verifiable-share-consumer -l acknowledgement-mode -d 'auto (implicit, with the next poll), sync or async (a commit after every poll)' -r -f -a "auto\t''
sync\t''
async\t''"
complete -c kafka-verifiable-share-consumer -l ack-pattern -d 'Comma-separated cycle of accept|release|reject applied to each record by offset % length (explicit acknowledgement; needs --acknowledgement-mode sync or async)' -r
complete -c kafka-verifiable-share-consumer -l offset-reset-strategy -d 'Set the group\'s share.auto.offset.reset first: earliest or latest' -r -f -a "earliest\t''
latest\t''"
complete -c kafka-verifiable-share-consumer -l consumer.config -d 'Deprecated alias of --command-config' -r -F
complete -c kafka-verifiable-share-consumer -l bootstrap-server -d 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]' -r
complete -c kafka-verifiable-share-consumer -l command-config -d 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)' -r -F
complete -c kafka-verifiable-share-consumer -l command-property -d 'A client property KEY=VALUE; repeatable, overrides --command-config' -r
complete -c kafka-verifiable-share-consumer -l verbose -d 'Also print one record_data event per record'
complete -c kafka-verifiable-share-consumer -s h -l help -d 'Print help'
complete -c kafka-verifiable-share-consumer -s V -l version -d 'Print version'
