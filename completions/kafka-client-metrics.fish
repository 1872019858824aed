complete -c kafka-client-metrics -l name -d 'Name of client metrics configuration resource' -r
complete -c kafka-client-metrics -l interval -d 'The metrics push interval in milliseconds. Leave empty to reset the interval' -r
complete -c kafka-client-metrics -l match -d 'Matching selector \'k1=v1,k2=v2\' (repeatable; empty to remove). Selector names: client_id, client_instance_id, client_software_name, client_software_version, client_source_address, client_source_port' -r
complete -c kafka-client-metrics -l metrics -d 'Telemetry metric name prefixes \'m1,m2\' (repeatable; empty to remove)' -r
complete -c kafka-client-metrics -l output -d 'Output format: the Java tool\'s text (default), JSON, or a table' -r -f -a "text\t'Exactly what the Java tool prints'
json\t'One JSON document per call (JSON Lines for streams), stable field names'
table\t'A human-friendly table'"
complete -c kafka-client-metrics -l bootstrap-server -d 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]' -r
complete -c kafka-client-metrics -l command-config -d 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)' -r -F
complete -c kafka-client-metrics -l command-property -d 'A client property KEY=VALUE; repeatable, overrides --command-config' -r
complete -c kafka-client-metrics -l alter -d 'Alter the configuration for the client metrics resource'
complete -c kafka-client-metrics -l delete -d 'Delete the configuration for the client metrics resource'
complete -c kafka-client-metrics -l describe -d 'List configurations for the client metrics resource'
complete -c kafka-client-metrics -l list -d 'List the client metrics resources'
complete -c kafka-client-metrics -l generate-name -d 'Generate a UUID to use as the name'
complete -c kafka-client-metrics -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-client-metrics -s V -l version -d 'Print version'
