complete -c kafka-dump-log -l files -d 'REQUIRED: The comma separated list of data and index log files to be dumped' -r -F
complete -c kafka-dump-log -l max-message-size -d 'Size of the largest message' -r
complete -c kafka-dump-log -l max-bytes -d 'Limit the amount of total batches read in bytes, avoiding reading the whole .log file(s)' -r
complete -c kafka-dump-log -l key-decoder-class -d 'Decoder of the keys: org.apache.kafka.tools.api.StringDecoder (default), LongDecoder, IntegerDecoder or DefaultDecoder' -r
complete -c kafka-dump-log -l value-decoder-class -d 'Decoder of the values (same classes as --key-decoder-class)' -r
complete -c kafka-dump-log -l output -d 'Output format: the Java tool\'s text (default), JSON, or a table' -r -f -a "text\t'Exactly what the Java tool prints'
json\t'One JSON document per call (JSON Lines for streams), stable field names'
table\t'A human-friendly table'"
complete -c kafka-dump-log -l print-data-log -d 'Print the messages\' content (implied by any decoder option)'
complete -c kafka-dump-log -l deep-iteration -d 'Deep instead of shallow iteration (implied by --print-data-log)'
complete -c kafka-dump-log -l verify-index-only -d 'Just verify the index against the log, without printing its content'
complete -c kafka-dump-log -l index-sanity-check -d 'Just check the index sanity (the broker\'s startup check), without printing its content'
complete -c kafka-dump-log -l offsets-decoder -d 'Parse log data as offset data from the __consumer_offsets topic'
complete -c kafka-dump-log -l transaction-log-decoder -d 'Parse log data as transaction metadata from the __transaction_state topic'
complete -c kafka-dump-log -l cluster-metadata-decoder -d 'Parse log data as cluster metadata records'
complete -c kafka-dump-log -l remote-log-metadata-decoder -d 'Parse log data as TopicBasedRemoteLogMetadataManager (RLMM) metadata records (not supported yet)'
complete -c kafka-dump-log -l share-group-state-decoder -d 'Parse log data as share group state data from the __share_group_state topic'
complete -c kafka-dump-log -l skip-record-metadata -d 'Skip metadata when printing records (control records too)'
complete -c kafka-dump-log -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-dump-log -s V -l version -d 'Print version'
