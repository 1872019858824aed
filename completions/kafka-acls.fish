complete -c kafka-acls -l topic -d 'Topic the ACLs apply to (\'*\': every topic); repeatable' -r
complete -c kafka-acls -l group -d 'Consumer group the ACLs apply to (\'*\': every group); repeatable' -r
complete -c kafka-acls -l transactional-id -d 'Transactional id the ACLs apply to (\'*\': every transactional id); repeatable' -r
complete -c kafka-acls -l delegation-token -d 'Delegation token the ACLs apply to (\'*\': every token); repeatable' -r
complete -c kafka-acls -l user-principal -d 'User principal as a resource, e.g. for CreateTokens or DescribeTokens; repeatable' -r
complete -c kafka-acls -l resource-pattern-type -d 'Pattern type of the resources: LITERAL (default) or PREFIXED; to list or remove, also ANY (any pattern type, the exact name) or MATCH (every pattern that applies to the name: literal, wildcard and prefixed; careful with --remove)' -r -f -a "ANY\t''
MATCH\t''
LITERAL\t''
PREFIXED\t''"
complete -c kafka-acls -l allow-principal -d 'Principal allowed, as principalType:name (User:\'*\' is every user); repeatable' -r
complete -c kafka-acls -l deny-principal -d 'Principal denied, as principalType:name; deny rules take precedence over allow rules; repeatable' -r
complete -c kafka-acls -l allow-host -d 'Host the allowed principals may connect from (default with --allow-principal: \'*\'); repeatable' -r
complete -c kafka-acls -l deny-host -d 'Host the denied principals are denied from (default with --deny-principal: \'*\'); repeatable' -r
complete -c kafka-acls -l operation -d 'Operation allowed or denied (default All): All, Read, Write, Create, Delete, Alter, Describe, ClusterAction, DescribeConfigs, AlterConfigs, IdempotentWrite, CreateTokens, DescribeTokens, TwoPhaseCommit; repeatable' -r -f -a "All\t''
Read\t''
Write\t''
Create\t''
Delete\t''
Alter\t''
Describe\t''
ClusterAction\t''
DescribeConfigs\t''
AlterConfigs\t''
IdempotentWrite\t''
CreateTokens\t''
DescribeTokens\t''
TwoPhaseCommit\t''"
complete -c kafka-acls -l principal -d 'With --list: only the ACLs of this principal (principalType:name); repeatable' -r
complete -c kafka-acls -l bootstrap-controller -d 'The KRaft controllers to talk to directly, instead of brokers' -r
complete -c kafka-acls -l output -d 'Output format: the Java tool\'s text (default), JSON, or a table' -r -f -a "text\t'Exactly what the Java tool prints'
json\t'One JSON document per call (JSON Lines for streams), stable field names'
table\t'A human-friendly table'"
complete -c kafka-acls -l bootstrap-server -d 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]' -r
complete -c kafka-acls -l command-config -d 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)' -r -F
complete -c kafka-acls -l command-property -d 'A client property KEY=VALUE; repeatable, overrides --command-config' -r
complete -c kafka-acls -l add -d 'Add ACLs'
complete -c kafka-acls -l remove -d 'Remove ACLs (asks for confirmation on stdin unless --force)'
complete -c kafka-acls -l list -d 'List ACLs of the given resources (all ACLs without one)'
complete -c kafka-acls -l cluster -d 'The cluster resource'
complete -c kafka-acls -l producer -d 'ACLs for the producer role: Write, Describe and Create on the topics (Write, Describe on the transactional ids)'
complete -c kafka-acls -l idempotent -d 'With --producer: also IdempotentWrite on the cluster'
complete -c kafka-acls -l consumer -d 'ACLs for the consumer role: Read, Describe on the topics and Read on the groups'
complete -c kafka-acls -l force -d 'Do not ask for confirmation before removing'
complete -c kafka-acls -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-acls -s V -l version -d 'Print version'
