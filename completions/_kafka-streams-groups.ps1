
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kafka-streams-groups' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kafka-streams-groups'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'kafka-streams-groups' {
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'The streams group id (the application id; repeatable)')
            [CompletionResult]::new('--input-topic', '--input-topic', [CompletionResultType]::ParameterName, 'An input topic, or topic:p1,p2 for some partitions (reset-offsets, delete-offsets; repeatable)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout in ms for every admin call')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'With --list: show (and filter by) state, a comma list of Empty, NotReady, Stable, Assigning, Reconciling, Dead; with --describe: the state view')
            [CompletionResult]::new('--to-offset', '--to-offset', [CompletionResultType]::ParameterName, 'Reset to this offset (clamped into the log)')
            [CompletionResult]::new('--shift-by', '--shift-by', [CompletionResultType]::ParameterName, 'Move the committed offsets by N (may be negative)')
            [CompletionResult]::new('--to-datetime', '--to-datetime', [CompletionResultType]::ParameterName, 'Reset to the first offset at or after YYYY-MM-DDThh:mm:ss.sss[zone]')
            [CompletionResult]::new('--by-duration', '--by-duration', [CompletionResultType]::ParameterName, 'Reset to the first offset at or after now minus an ISO-8601 duration (PnDTnHnMnS)')
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'Reset to the offsets of a CSV file (topic,partition,offset or group,topic,partition,offset)')
            [CompletionResult]::new('--delete-internal-topic', '--delete-internal-topic', [CompletionResultType]::ParameterName, 'With --reset-offsets --execute: delete this internal topic of the group (repeatable)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the Java tool''s text (default), JSON, or a table')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)')
            [CompletionResult]::new('--command-property', '--command-property', [CompletionResultType]::ParameterName, 'A client property KEY=VALUE; repeatable, overrides --command-config')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List all streams groups')
            [CompletionResult]::new('--describe', '--describe', [CompletionResultType]::ParameterName, 'Describe streams group(s): offsets and lag (default), --members, --state or --topology')
            [CompletionResult]::new('--delete', '--delete', [CompletionResultType]::ParameterName, 'Delete streams group(s) that have no members')
            [CompletionResult]::new('--reset-offsets', '--reset-offsets', [CompletionResultType]::ParameterName, 'Reset the offsets of inactive streams group(s); needs a scope, a target and --dry-run or --execute')
            [CompletionResult]::new('--delete-offsets', '--delete-offsets', [CompletionResultType]::ParameterName, 'Delete the offsets of one streams group for --input-topic(s) or --all-input-topics')
            [CompletionResult]::new('--all-groups', '--all-groups', [CompletionResultType]::ParameterName, 'Apply to all streams groups')
            [CompletionResult]::new('--all-input-topics', '--all-input-topics', [CompletionResultType]::ParameterName, 'Every input topic of the group''s topology (reset-offsets, delete-offsets)')
            [CompletionResult]::new('--members', '--members', [CompletionResultType]::ParameterName, 'With --describe: the members of the group and their tasks')
            [CompletionResult]::new('--offsets', '--offsets', [CompletionResultType]::ParameterName, 'With --describe: offsets and lag of the input topics (the default view)')
            [CompletionResult]::new('--topology', '--topology', [CompletionResultType]::ParameterName, 'With --describe: the topology the broker''s topology description plugin recorded')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'With --describe: more columns (epochs, target assignments, committed offsets)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'With --reset-offsets: only show the plan (kafka-consumer-groups: the default)')
            [CompletionResult]::new('--execute', '--execute', [CompletionResultType]::ParameterName, 'With --reset-offsets: commit the new offsets')
            [CompletionResult]::new('--export', '--export', [CompletionResultType]::ParameterName, 'With --reset-offsets: print the plan as CSV (for --from-file)')
            [CompletionResult]::new('--to-earliest', '--to-earliest', [CompletionResultType]::ParameterName, 'Reset to the earliest offset')
            [CompletionResult]::new('--to-latest', '--to-latest', [CompletionResultType]::ParameterName, 'Reset to the latest offset')
            [CompletionResult]::new('--to-current', '--to-current', [CompletionResultType]::ParameterName, 'Reset to the current committed offset (log end where there is none)')
            [CompletionResult]::new('--delete-all-internal-topics', '--delete-all-internal-topics', [CompletionResultType]::ParameterName, 'With --delete, or --reset-offsets --execute: delete every internal topic of the group')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
