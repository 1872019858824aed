
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kafka-consumer-groups' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kafka-consumer-groups'
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
        'kafka-consumer-groups' {
            [CompletionResult]::new('--validate-regex', '--validate-regex', [CompletionResultType]::ParameterName, 'Check a regular expression as the broker does for regex subscriptions (RE2 syntax); needs no cluster')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'The consumer group (repeatable)')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'A topic, or topic:p1,p2 for some partitions (reset-offsets, delete-offsets; repeatable)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout in ms for every admin call')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'With --list: show (and filter by) state, a comma list; with --describe: the state view')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'With --list: show (and filter by) type: classic, consumer')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'With --describe: refresh every SECONDS until interrupted')
            [CompletionResult]::new('--to-offset', '--to-offset', [CompletionResultType]::ParameterName, 'Reset to this offset (clamped into the log)')
            [CompletionResult]::new('--shift-by', '--shift-by', [CompletionResultType]::ParameterName, 'Move the committed offsets by N (may be negative)')
            [CompletionResult]::new('--to-datetime', '--to-datetime', [CompletionResultType]::ParameterName, 'Reset to the first offset at or after YYYY-MM-DDThh:mm:ss.sss[zone]')
            [CompletionResult]::new('--by-duration', '--by-duration', [CompletionResultType]::ParameterName, 'Reset to the first offset at or after now minus an ISO-8601 duration (PnDTnHnMnS)')
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'Reset to the offsets of a CSV file (topic,partition,offset or group,topic,partition,offset)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the Java tool''s text (default), JSON, or a table')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)')
            [CompletionResult]::new('--command-property', '--command-property', [CompletionResultType]::ParameterName, 'A client property KEY=VALUE; repeatable, overrides --command-config')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List all consumer groups')
            [CompletionResult]::new('--describe', '--describe', [CompletionResultType]::ParameterName, 'Describe consumer group(s): offsets and lag (default), --members or --state')
            [CompletionResult]::new('--delete', '--delete', [CompletionResultType]::ParameterName, 'Delete consumer group(s)')
            [CompletionResult]::new('--reset-offsets', '--reset-offsets', [CompletionResultType]::ParameterName, 'Reset the offsets of consumer group(s); needs a scope and a target')
            [CompletionResult]::new('--delete-offsets', '--delete-offsets', [CompletionResultType]::ParameterName, 'Delete the offsets of one group for the given --topic(s)')
            [CompletionResult]::new('--all-groups', '--all-groups', [CompletionResultType]::ParameterName, 'Apply to all consumer groups')
            [CompletionResult]::new('--all-topics', '--all-topics', [CompletionResultType]::ParameterName, 'With --reset-offsets: every partition the group has a committed offset for')
            [CompletionResult]::new('--members', '--members', [CompletionResultType]::ParameterName, 'With --describe: the members of the group')
            [CompletionResult]::new('--offsets', '--offsets', [CompletionResultType]::ParameterName, 'With --describe: offsets and lag (the default view)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'With --describe: more columns (leader epoch, member assignments and epochs)')
            [CompletionResult]::new('--lag-time', '--lag-time', [CompletionResultType]::ParameterName, 'With --describe: add LAG-TIME, how old (ms) the next record to consume is, and a total row')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'With --reset-offsets: only show the plan (kafka-consumer-groups: the default)')
            [CompletionResult]::new('--execute', '--execute', [CompletionResultType]::ParameterName, 'With --reset-offsets: commit the new offsets')
            [CompletionResult]::new('--export', '--export', [CompletionResultType]::ParameterName, 'With --reset-offsets: print the plan as CSV (for --from-file)')
            [CompletionResult]::new('--to-earliest', '--to-earliest', [CompletionResultType]::ParameterName, 'Reset to the earliest offset')
            [CompletionResult]::new('--to-latest', '--to-latest', [CompletionResultType]::ParameterName, 'Reset to the latest offset')
            [CompletionResult]::new('--to-current', '--to-current', [CompletionResultType]::ParameterName, 'Reset to the current committed offset (log end where there is none)')
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
