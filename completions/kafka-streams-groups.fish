complete -c kafka-streams-groups -l group -d 'The streams group id (the application id; repeatable)' -r
complete -c kafka-streams-groups -l input-topic -d 'An input topic, or topic:p1,p2 for some partitions (reset-offsets, delete-offsets; repeatable)' -r
complete -c kafka-streams-groups -l timeout -d 'Timeout in ms for every admin call' -r
complete -c kafka-streams-groups -l state -d 'With --list: show (and filter by) state, a comma list of Empty, NotReady, Stable, Assigning, Reconciling, Dead; with --describe: the state view' -r -f -a "Reconciling\t''
Empty\t''
Stable\t''
NotReady\t''
Assigning\t''
Dead\t''"
complete -c kafka-streams-groups -l to-offset -d 'Reset to this offset (clamped into the log)' -r
complete -c kafka-streams-groups -l shift-by -d 'Move the committed offsets by N (may be negative)' -r
complete -c kafka-streams-groups -l to-datetime -d 'Reset to the first offset at or after YYYY-MM-DDThh:mm:ss.sss[zone]' -r
complete -c kafka-streams-groups -l by-duration -d 'Reset to the first offset at or after now minus an ISO-8601 duration (PnDTnHnMnS)' -r
complete -c kafka-streams-groups -l from-file -d 'Reset to the offsets of a CSV file (topic,partition,offset or group,topic,partition,offset)' -r -F
complete -c kafka-streams-groups -l delete-internal-topic -d 'With --reset-offsets --execute: delete this internal topic of the group (repeatable)' -r
complete -c kafka-streams-groups -l output -d 'Output format: the Java tool\'s text (default), JSON, or a table' -r -f -a "text\t'Exactly what the Java tool prints'
json\t'One JSON document per call (JSON Lines for streams), stable field names'
table\t'A human-friendly table'"
complete -c kafka-streams-groups -l bootstrap-server -d 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]' -r
complete -c kafka-streams-groups -l command-config -d 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)' -r -F
complete -c kafka-streams-groups -l command-property -d 'A client property KEY=VALUE; repeatable, overrides --command-config' -r
complete -c kafka-streams-groups -l list -d 'List all streams groups'
complete -c kafka-streams-groups -l describe -d 'Describe streams group(s): offsets and lag (default), --members, --state or --topology'
complete -c kafka-streams-groups -l delete -d 'Delete streams group(s) that have no members'
complete -c kafka-streams-groups -l reset-offsets -d 'Reset the offsets of inactive streams group(s); needs a scope, a target and --dry-run or --execute'
complete -c kafka-streams-groups -l delete-offsets -d 'Delete the offsets of one streams group for --input-topic(s) or --all-input-topics'
complete -c kafka-streams-groups -l all-groups -d 'Apply to all streams groups'
complete -c kafka-streams-groups -l all-input-topics -d 'Every input topic of the group\'s topology (reset-offsets, delete-offsets)'
complete -c kafka-streams-groups -l members -d 'With --describe: the members of the group and their tasks'
complete -c kafka-streams-groups -l offsets -d 'With --describe: offsets and lag of the input topics (the default view)'
complete -c kafka-streams-groups -l topology -d 'With --describe: the topology the broker\'s topology description plugin recorded'
complete -c kafka-streams-groups -l verbose -d 'With --describe: more columns (epochs, target assignments, committed offsets)'
complete -c kafka-streams-groups -l dry-run -d 'With --reset-offsets: only show the plan (kafka-consumer-groups: the default)'
complete -c kafka-streams-groups -l execute -d 'With --reset-offsets: commit the new offsets'
complete -c kafka-streams-groups -l export -d 'With --reset-offsets: print the plan as CSV (for --from-file)'
complete -c kafka-streams-groups -l to-earliest -d 'Reset to the earliest offset'
complete -c kafka-streams-groups -l to-latest -d 'Reset to the latest offset'
complete -c kafka-streams-groups -l to-current -d 'Reset to the current committed offset (log end where there is none)'
complete -c kafka-streams-groups -l delete-all-internal-topics -d 'With --delete, or --reset-offsets --execute: delete every internal topic of the group'
complete -c kafka-streams-groups -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-streams-groups -s V -l version -d 'Print version'
