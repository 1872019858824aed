complete -c kafka-consumer-groups -l validate-regex -d 'Check a regular expression as the broker does for regex subscriptions (RE2 syntax); needs no cluster' -r
complete -c kafka-consumer-groups -l group -d 'The consumer group (repeatable)' -r
complete -c kafka-consumer-groups -l topic -d 'A topic, or topic:p1,p2 for some partitions (reset-offsets, delete-offsets; repeatable)' -r
complete -c kafka-consumer-groups -l timeout -d 'Timeout in ms for every admin call' -r
complete -c kafka-consumer-groups -l state -d 'With --list: show (and filter by) state, a comma list; with --describe: the state view' -r -f -a "Stable\t''
Empty\t''
PreparingRebalance\t''
CompletingRebalance\t''
Dead\t''
Assigning\t''
Reconciling\t''"
complete -c kafka-consumer-groups -l type -d 'With --list: show (and filter by) type: classic, consumer' -r -f -a "classic\t''
consumer\t''"
complete -c kafka-consumer-groups -l watch -d 'With --describe: refresh every SECONDS until interrupted' -r
complete -c kafka-consumer-groups -l to-offset -d 'Reset to this offset (clamped into the log)' -r
complete -c kafka-consumer-groups -l shift-by -d 'Move the committed offsets by N (may be negative)' -r
complete -c kafka-consumer-groups -l to-datetime -d 'Reset to the first offset at or after YYYY-MM-DDThh:mm:ss.sss[zone]' -r
complete -c kafka-consumer-groups -l by-duration -d 'Reset to the first offset at or after now minus an ISO-8601 duration (PnDTnHnMnS)' -r
complete -c kafka-consumer-groups -l from-file -d 'Reset to the offsets of a CSV file (topic,partition,offset or group,topic,partition,offset)' -r -F
complete -c kafka-consumer-groups -l output -d 'Output format: the Java tool\'s text (default), JSON, or a table' -r -f -a "text\t'Exactly what the Java tool prints'
json\t'One JSON document per call (JSON Lines for streams), stable field names'
table\t'A human-friendly table'"
complete -c kafka-consumer-groups -l bootstrap-server -d 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]' -r
complete -c kafka-consumer-groups -l command-config -d 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)' -r -F
complete -c kafka-consumer-groups -l command-property -d 'A client property KEY=VALUE; repeatable, overrides --command-config' -r
complete -c kafka-consumer-groups -l list -d 'List all consumer groups'
complete -c kafka-consumer-groups -l describe -d 'Describe consumer group(s): offsets and lag (default), --members or --state'
complete -c kafka-consumer-groups -l delete -d 'Delete consumer group(s)'
complete -c kafka-consumer-groups -l reset-offsets -d 'Reset the offsets of consumer group(s); needs a scope and a target'
complete -c kafka-consumer-groups -l delete-offsets -d 'Delete the offsets of one group for the given --topic(s)'
complete -c kafka-consumer-groups -l all-groups -d 'Apply to all consumer groups'
complete -c kafka-consumer-groups -l all-topics -d 'With --reset-offsets: every partition the group has a committed offset for'
complete -c kafka-consumer-groups -l members -d 'With --describe: the members of the group'
complete -c kafka-consumer-groups -l offsets -d 'With --describe: offsets and lag (the default view)'
complete -c kafka-consumer-groups -l verbose -d 'With --describe: more columns (leader epoch, member assignments and epochs)'
complete -c kafka-consumer-groups -l lag-time -d 'With --describe: add LAG-TIME, how old (ms) the next record to consume is, and a total row'
complete -c kafka-consumer-groups -l dry-run -d 'With --reset-offsets: only show the plan (kafka-consumer-groups: the default)'
complete -c kafka-consumer-groups -l execute -d 'With --reset-offsets: commit the new offsets'
complete -c kafka-consumer-groups -l export -d 'With --reset-offsets: print the plan as CSV (for --from-file)'
complete -c kafka-consumer-groups -l to-earliest -d 'Reset to the earliest offset'
complete -c kafka-consumer-groups -l to-latest -d 'Reset to the latest offset'
complete -c kafka-consumer-groups -l to-current -d 'Reset to the current committed offset (log end where there is none)'
complete -c kafka-consumer-groups -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-consumer-groups -s V -l version -d 'Print version'
