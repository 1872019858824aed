complete -c kafka-configs -l entity-type -d 'Type of entity: topics, brokers, broker-loggers, groups, users, clients, ips, client-metrics (users and clients may be given together)' -r -f -a "topics\t''
brokers\t''
groups\t''
broker-loggers\t''
users\t''
clients\t''
ips\t''
client-metrics\t''"
complete -c kafka-configs -l entity-name -d 'Name of the entity (topic name, broker id, group id, user principal, client id, ip, client-metrics name)' -r
complete -c kafka-configs -l topic -d 'The topic\'s configs (shortcut for --entity-type topics --entity-name TOPIC)' -r
complete -c kafka-configs -l broker -d 'The broker\'s configs (shortcut for --entity-type brokers --entity-name ID)' -r
complete -c kafka-configs -l group -d 'The group\'s configs (shortcut for --entity-type groups --entity-name GROUP)' -r
complete -c kafka-configs -l broker-logger -d 'The broker\'s loggers (shortcut for --entity-type broker-loggers --entity-name ID)' -r
complete -c kafka-configs -l client -d 'The client id\'s quotas (shortcut for --entity-type clients --entity-name CLIENT-ID)' -r
complete -c kafka-configs -l user -d 'The user\'s quotas and SCRAM credentials (shortcut for --entity-type users --entity-name)' -r
complete -c kafka-configs -l ip -d 'The ip\'s connection quotas (shortcut for --entity-type ips --entity-name IP)' -r
complete -c kafka-configs -l client-metrics -d 'The client-metrics subscription (shortcut for --entity-type client-metrics --entity-name)' -r
complete -c kafka-configs -l add-config -d 'Configs to set: k1=v1,k2=[v1,v2,v2],k3=v3 (brackets group values that contain commas)' -r
complete -c kafka-configs -l add-config-file -d 'A Java properties file of configs to set' -r -F
complete -c kafka-configs -l delete-config -d 'Configs to remove: k1,k2 (repeatable)' -r
complete -c kafka-configs -l bootstrap-controller -d 'The KRaft controllers to talk to directly, instead of brokers' -r
complete -c kafka-configs -l output -d 'Output format: the Java tool\'s text (default), JSON, or a table' -r -f -a "text\t'Exactly what the Java tool prints'
json\t'One JSON document per call (JSON Lines for streams), stable field names'
table\t'A human-friendly table'"
complete -c kafka-configs -l bootstrap-server -d 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]' -r
complete -c kafka-configs -l command-config -d 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)' -r -F
complete -c kafka-configs -l command-property -d 'A client property KEY=VALUE; repeatable, overrides --command-config' -r
complete -c kafka-configs -l describe -d 'List the configs of the given entity'
complete -c kafka-configs -l alter -d 'Alter the configs of the given entity'
complete -c kafka-configs -l all -d 'With --describe, list every config (static and default ones too), not only dynamic ones'
complete -c kafka-configs -l entity-default -d 'The default entity (brokers: the cluster-wide default; users, clients, ips: the default quota entity)'
complete -c kafka-configs -l broker-defaults -d 'The cluster-wide default broker configs (shortcut for --entity-type brokers --entity-default)'
complete -c kafka-configs -l client-defaults -d 'The default client quotas (shortcut for --entity-type clients --entity-default)'
complete -c kafka-configs -l user-defaults -d 'The default user quotas (shortcut for --entity-type users --entity-default)'
complete -c kafka-configs -l ip-defaults -d 'The default ip quotas (shortcut for --entity-type ips --entity-default)'
complete -c kafka-configs -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-configs -s V -l version -d 'Print version'
