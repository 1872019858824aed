complete -c kafka-get-offsets -l topic-partitions -d 'Topic/partition rules: topic1:1,topic2:0-3,topic3,topic4:5-,topic5:-3 (topics are patterns)' -r
complete -c kafka-get-offsets -l topic -d 'The topic (a Java regular expression; default: all topics)' -r
complete -c kafka-get-offsets -l partitions -d 'Comma-separated partition ids (default: all)' -r
complete -c kafka-get-offsets -l time -d 'latest/-1, earliest/-2, max-timestamp/-3, or a timestamp in ms' -r -f -a "latest\t''
earliest\t''
max-timestamp\t''"
complete -c kafka-get-offsets -l output -d 'Output format: the Java tool\'s text (default), JSON, or a table' -r -f -a "text\t'Exactly what the Java tool prints'
json\t'One JSON document per call (JSON Lines for streams), stable field names'
table\t'A human-friendly table'"
complete -c kafka-get-offsets -l bootstrap-server -d 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]' -r
complete -c kafka-get-offsets -l command-config -d 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)' -r -F
complete -c kafka-get-offsets -l command-property -d 'A client property KEY=VALUE; repeatable, overrides --command-config' -r
complete -c kafka-get-offsets -l exclude-internal-topics -d 'Leave internal topics out'
complete -c kafka-get-offsets -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-get-offsets -s V -l version -d 'Print version'
