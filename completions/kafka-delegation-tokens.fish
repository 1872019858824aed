complete -c kafka-delegation-tokens -l owner-principal -d 'owner is a Kafka principal. They should be in principalType:name format' -r
complete -c kafka-delegation-tokens -l renewer-principal -d 'renewer is a Kafka principal. They should be in principalType:name format' -r
complete -c kafka-delegation-tokens -l max-life-time-period -d 'Max life period for the token in milliseconds. If the value is -1, then token max life time will default to the server side config value of (delegation.token.max.lifetime.ms)' -r
complete -c kafka-delegation-tokens -l renew-time-period -d 'Renew time period in milliseconds. If the value is -1, then the renew time period will default to the server side config value of (delegation.token.expiry.time.ms)' -r
complete -c kafka-delegation-tokens -l expiry-time-period -d 'Expiry time period in milliseconds. If the value is -1, then the token will get invalidated immediately' -r
complete -c kafka-delegation-tokens -l hmac -d 'HMAC of the delegation token' -r
complete -c kafka-delegation-tokens -l output -d 'Output format: the Java tool\'s text (default), JSON, or a table' -r -f -a "text\t'Exactly what the Java tool prints'
json\t'One JSON document per call (JSON Lines for streams), stable field names'
table\t'A human-friendly table'"
complete -c kafka-delegation-tokens -l bootstrap-server -d 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]' -r
complete -c kafka-delegation-tokens -l command-config -d 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)' -r -F
complete -c kafka-delegation-tokens -l command-property -d 'A client property KEY=VALUE; repeatable, overrides --command-config' -r
complete -c kafka-delegation-tokens -l create -d 'Create a new delegation token. Use --renewer-principal option to pass renewer principals'
complete -c kafka-delegation-tokens -l renew -d 'Renew delegation token. Use --renew-time-period option to set renew time period'
complete -c kafka-delegation-tokens -l expire -d 'Expire delegation token. Use --expiry-time-period option to expire the token'
complete -c kafka-delegation-tokens -l describe -d 'Describe delegation tokens for the given principals. Use --owner-principal to pass owner/renewer principals. If --owner-principal option is not supplied, all the user-owned tokens and tokens where the user has Describe permissions will be returned'
complete -c kafka-delegation-tokens -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-delegation-tokens -s V -l version -d 'Print version'
