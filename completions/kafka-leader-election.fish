complete -c kafka-leader-election -l election-type -d 'REQUIRED: type of election: preferred or unclean (any case)' -r -f -a "PREFERRED\t''
UNCLEAN\t''"
complete -c kafka-leader-election -l topic -d 'Name of the topic whose partition\'s leader is elected (with --partition)' -r
complete -c kafka-leader-election -l partition -d 'The partition of --topic whose leader is elected' -r
complete -c kafka-leader-election -l path-to-json-file -d 'JSON file with the partitions: {"partitions":[{"topic":"foo","partition":1}]}' -r -F
complete -c kafka-leader-election -l admin.config -d 'Deprecated alias of --command-config' -r -F
complete -c kafka-leader-election -l output -d 'Output format: the Java tool\'s text (default), JSON, or a table' -r -f -a "text\t'Exactly what the Java tool prints'
json\t'One JSON document per call (JSON Lines for streams), stable field names'
table\t'A human-friendly table'"
complete -c kafka-leader-election -l bootstrap-server -d 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]' -r
complete -c kafka-leader-election -l command-config -d 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)' -r -F
complete -c kafka-leader-election -l command-property -d 'A client property KEY=VALUE; repeatable, overrides --command-config' -r
complete -c kafka-leader-election -l all-topic-partitions -d 'Elect leaders of every partition that needs an election'
complete -c kafka-leader-election -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-leader-election -s V -l version -d 'Print version'
