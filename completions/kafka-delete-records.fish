complete -c kafka-delete-records -l offset-json-file -d 'REQUIRED: JSON file with the partitions and offsets: {"partitions": [{"topic": "foo", "partition": 1, "offset": 1}], "version": 1}' -r -F
complete -c kafka-delete-records -l output -d 'Output format: the Java tool\'s text (default), JSON, or a table' -r -f -a "text\t'Exactly what the Java tool prints'
json\t'One JSON document per call (JSON Lines for streams), stable field names'
table\t'A human-friendly table'"
complete -c kafka-delete-records -l bootstrap-server -d 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]' -r
complete -c kafka-delete-records -l command-config -d 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)' -r -F
complete -c kafka-delete-records -l command-property -d 'A client property KEY=VALUE; repeatable, overrides --command-config' -r
complete -c kafka-delete-records -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-delete-records -s V -l version -d 'Print version'
