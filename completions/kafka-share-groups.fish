complete -c kafka-share-groups -l group -d 'The share group id (repeatable with --describe and --delete)' -r
complete -c kafka-share-groups -l topic -d 'A topic, or topic:p1,p2 for some partitions (reset-offsets, delete-offsets; repeatable)' -r
complete -c kafka-share-groups -l timeout -d 'Timeout in ms for every admin call' -r
complete -c kafka-share-groups -l state -d 'With --list: show (and filter by) state, a comma list of Empty, Stable, Dead; with --describe: the state view' -r -f -a "Stable\t''
Empty\t''
Dead\t''"
complete -c kafka-share-groups -l to-offset -d 'Reset to this offset (clamped into the log)' -r
complete -c kafka-share-groups -l to-datetime -d 'Reset to the first offset at or after YYYY-MM-DDThh:mm:ss.sss[zone]' -r
complete -c kafka-share-groups -l from-file -d 'Reset to the offsets of a CSV file (topic,partition,offset)' -r -F
complete -c kafka-share-groups -l output -d 'Output format: the Java tool\'s text (default), JSON, or a table' -r -f -a "text\t'Exactly what the Java tool prints'
json\t'One JSON document per call (JSON Lines for streams), stable field names'
table\t'A human-friendly table'"
complete -c kafka-share-groups -l bootstrap-server -d 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]' -r
complete -c kafka-share-groups -l command-config -d 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)' -r -F
complete -c kafka-share-groups -l command-property -d 'A client property KEY=VALUE; repeatable, overrides --command-config' -r
complete -c kafka-share-groups -l list -d 'List all share groups'
complete -c kafka-share-groups -l describe -d 'Describe share group(s): start offsets and lag (default), --members or --state'
complete -c kafka-share-groups -l delete -d 'Delete share group(s)'
complete -c kafka-share-groups -l reset-offsets -d 'Reset the offsets of one share group with no members; needs a scope, a target and --dry-run or --execute'
complete -c kafka-share-groups -l delete-offsets -d 'Delete the offsets of one share group for the given --topic(s)'
complete -c kafka-share-groups -l all-groups -d 'Apply to all share groups'
complete -c kafka-share-groups -l all-topics -d 'With --reset-offsets: every partition the group has a start offset for'
complete -c kafka-share-groups -l members -d 'With --describe: the members of the group'
complete -c kafka-share-groups -l offsets -d 'With --describe: start offsets and lag (the default view)'
complete -c kafka-share-groups -l verbose -d 'With --describe: more columns (leader epoch, group and member epochs)'
complete -c kafka-share-groups -l dry-run -d 'With --reset-offsets: only show the plan'
complete -c kafka-share-groups -l execute -d 'With --reset-offsets: set the new start offsets'
complete -c kafka-share-groups -l export -d 'With --reset-offsets: print the plan as CSV (for --from-file)'
complete -c kafka-share-groups -l to-earliest -d 'Reset to the earliest offset'
complete -c kafka-share-groups -l to-latest -d 'Reset to the latest offset'
complete -c kafka-share-groups -l to-current -d 'Reset to the current start offset (log end where there is none)'
complete -c kafka-share-groups -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-share-groups -s V -l version -d 'Print version'
