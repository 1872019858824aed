complete -c kafka-streams-application-reset -l application-id -d 'REQUIRED: The Kafka Streams application ID (application.id)' -r
complete -c kafka-streams-application-reset -l input-topics -d 'Comma-separated list of user input topics. For these topics, the tool by default will reset the offset to the earliest available offset. Reset to other offset position by appending other reset offset option, ex: --input-topics foo --shift-by 5' -r
complete -c kafka-streams-application-reset -l intermediate-topics -d '[deprecated] Comma-separated list of intermediate user topics (topics that are input and output topics). For these topics, the tool will skip to the end' -r
complete -c kafka-streams-application-reset -l internal-topics -d 'Comma-separated list of internal topics to delete. Must be a subset of the internal topics marked for deletion by the default behaviour (do a dry-run without this option to view these topics)' -r
complete -c kafka-streams-application-reset -l to-offset -d 'Reset offsets to a specific offset' -r
complete -c kafka-streams-application-reset -l to-datetime -d 'Reset offsets to offset from datetime. Format: \'YYYY-MM-DDThh:mm:ss.sss\'' -r
complete -c kafka-streams-application-reset -l by-duration -d 'Reset offsets to offset by duration from current timestamp. Format: \'PnDTnHnMnS\'' -r
complete -c kafka-streams-application-reset -l from-file -d 'Reset offsets to values defined in CSV file (lines TOPIC,PARTITION,OFFSET)' -r -F
complete -c kafka-streams-application-reset -l shift-by -d 'Reset offsets shifting current offset by \'n\', where \'n\' can be positive or negative' -r
complete -c kafka-streams-application-reset -l config-file -d '(DEPRECATED) Property file containing configs to be passed to admin clients and embedded consumer; use --command-config' -r -F
complete -c kafka-streams-application-reset -l output -d 'Output format: the Java tool\'s text (default), JSON, or a table' -r -f -a "text\t'Exactly what the Java tool prints'
json\t'One JSON document per call (JSON Lines for streams), stable field names'
table\t'A human-friendly table'"
complete -c kafka-streams-application-reset -l bootstrap-server -d 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]' -r
complete -c kafka-streams-application-reset -l command-config -d 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)' -r -F
complete -c kafka-streams-application-reset -l command-property -d 'A client property KEY=VALUE; repeatable, overrides --command-config' -r
complete -c kafka-streams-application-reset -l to-earliest -d 'Reset offsets to earliest offset'
complete -c kafka-streams-application-reset -l to-latest -d 'Reset offsets to latest offset'
complete -c kafka-streams-application-reset -l dry-run -d 'Display the actions that would be performed without executing the reset commands'
complete -c kafka-streams-application-reset -l force -d 'Force the removal of members of the consumer group (intended to remove stopped members if a long session timeout was used). Make sure to shut down all stream applications when this option is specified to avoid unexpected rebalances'
complete -c kafka-streams-application-reset -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-streams-application-reset -s V -l version -d 'Print version'
