
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kafka-share-groups' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kafka-share-groups'
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
        'kafka-share-groups' {
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'The share group id (repeatable with --describe and --delete)')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'A topic, or topic:p1,p2 for some partitions (reset-offsets, delete-offsets; repeatable)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout in ms for every admin call')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'With --list: show (and filter by) state, a comma list of Empty, Stable, Dead; with --describe: the state view')
            [CompletionResult]::new('--to-offset', '--to-offset', [CompletionResultType]::ParameterName, 'Reset to this offset (clamped into the log)')
            [CompletionResult]::new('--to-datetime', '--to-datetime', [CompletionResultType]::ParameterName, 'Reset to the first offset at or after YYYY-MM-DDThh:mm:ss.sss[zone]')
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'Reset to the offsets of a CSV file (topic,partition,offset)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the Java tool''s text (default), JSON, or a table')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)')
            [CompletionResult]::new('--command-property', '--command-property', [CompletionResultType]::ParameterName, 'A client property KEY=VALUE; repeatable, overrides --command-config')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List all share groups')
            [CompletionResult]::new('--describe', '--describe', [CompletionResultType]::ParameterName, 'Describe share group(s): start offsets and lag (default), --members or --state')
            [CompletionResult]::new('--delete', '--delete', [CompletionResultType]::ParameterName, 'Delete share group(s)')
            [CompletionResult]::new('--reset-offsets', '--reset-offsets', [CompletionResultType]::ParameterName, 'Reset the offsets of one share group with no members; needs a scope, a target and --dry-run or --execute')
            [CompletionResult]::new('--delete-offsets', '--delete-offsets', [CompletionResultType]::ParameterName, 'Delete the offsets of one share group for the given --topic(s)')
            [CompletionResult]::new('--all-groups', '--all-groups', [CompletionResultType]::ParameterName, 'Apply to all share groups')
            [CompletionResult]::new('--all-topics', '--all-topics', [CompletionResultType]::ParameterName, 'With --reset-offsets: every partition the group has a start offset for')
            [CompletionResult]::new('--members', '--members', [CompletionResultType]::ParameterName, 'With --describe: the members of the group')
            [CompletionResult]::new('--offsets', '--offsets', [CompletionResultType]::ParameterName, 'With --describe: start offsets and lag (the default view)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'With --describe: more columns (leader epoch, group and member epochs)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'With --reset-offsets: only show the plan')
            [CompletionResult]::new('--execute', '--execute', [CompletionResultType]::ParameterName, 'With --reset-offsets: set the new start offsets')
            [CompletionResult]::new('--export', '--export', [CompletionResultType]::ParameterName, 'With --reset-offsets: print the plan as CSV (for --from-file)')
            [CompletionResult]::new('--to-earliest', '--to-earliest', [CompletionResultType]::ParameterName, 'Reset to the earliest offset')
            [CompletionResult]::new('--to-latest', '--to-latest', [CompletionResultType]::ParameterName, 'Reset to the latest offset')
            [CompletionResult]::new('--to-current', '--to-current', [CompletionResultType]::ParameterName, 'Reset to the current start offset (log end where there is none)')
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
