complete -c kafka-groups -l group-type -d 'Filter the groups based on group type. Valid types are: \'classic\', \'consumer\', \'share\' and \'streams\'' -r -f -a "classic\t''
consumer\t''
share\t''
streams\t''"
complete -c kafka-groups -l protocol -d 'Filter the groups based on protocol type' -r
complete -c kafka-groups -l output -d 'Output format: the Java tool\'s text (default), JSON, or a table' -r -f -a "text\t'Exactly what the Java tool prints'
json\t'One JSON document per call (JSON Lines for streams), stable field names'
table\t'A human-friendly table'"
complete -c kafka-groups -l bootstrap-server -d 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]' -r
complete -c kafka-groups -l command-config -d 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)' -r -F
complete -c kafka-groups -l command-property -d 'A client property KEY=VALUE; repeatable, overrides --command-config' -r
complete -c kafka-groups -l list -d 'List the groups'
complete -c kafka-groups -l consumer -d 'Filter the groups to show all kinds of consumer groups, including classic and simple consumer groups. This matches group type \'consumer\', and group type \'classic\' where the protocol type is \'consumer\' or empty'
complete -c kafka-groups -l share -d 'Filter the groups to show share groups'
complete -c kafka-groups -l streams -d 'Filter the groups to show streams groups'
complete -c kafka-groups -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-groups -s V -l version -d 'Print version'
