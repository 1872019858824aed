
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kafka-console-consumer' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kafka-console-consumer'
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
        'kafka-console-consumer' {
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'The topic to consume from')
            [CompletionResult]::new('--include', '--include', [CompletionResultType]::ParameterName, 'Regular expression selecting the topics to consume from')
            [CompletionResult]::new('--partition', '--partition', [CompletionResultType]::ParameterName, 'Consume only this partition (no group); starts at the end unless --offset is given')
            [CompletionResult]::new('--offset', '--offset', [CompletionResultType]::ParameterName, 'Where to start: earliest, latest, an offset, a time (2026-11-25T10:00:00Z) or a time ago (-15m, -2h, -1d)')
            [CompletionResult]::new('--max-messages', '--max-messages', [CompletionResultType]::ParameterName, 'Exit after this many records')
            [CompletionResult]::new('--timeout-ms', '--timeout-ms', [CompletionResultType]::ParameterName, 'Exit when no record arrives for this long (ms)')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'The consumer group id (default: a random console-consumer-N without commits)')
            [CompletionResult]::new('--isolation-level', '--isolation-level', [CompletionResultType]::ParameterName, 'read_uncommitted (default) or read_committed')
            [CompletionResult]::new('--formatter', '--formatter', [CompletionResultType]::ParameterName, 'Formatter class: DefaultMessageFormatter (default), LoggingMessageFormatter, NoOpMessageFormatter')
            [CompletionResult]::new('--formatter-property', '--formatter-property', [CompletionResultType]::ParameterName, 'A formatter property: print.key, print.value, print.timestamp, print.partition, print.offset, print.delivery, print.epoch, print.headers, key.separator, line.separator, headers.separator, null.literal, key.deserializer, value.deserializer, ...')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'Deprecated alias of --formatter-property')
            [CompletionResult]::new('--formatter-config', '--formatter-config', [CompletionResultType]::ParameterName, 'Java properties file with formatter properties')
            [CompletionResult]::new('--key-deserializer', '--key-deserializer', [CompletionResultType]::ParameterName, 'Deserializer class for keys (formatter property key.deserializer)')
            [CompletionResult]::new('--value-deserializer', '--value-deserializer', [CompletionResultType]::ParameterName, 'Deserializer class for values (formatter property value.deserializer)')
            [CompletionResult]::new('--consumer-property', '--consumer-property', [CompletionResultType]::ParameterName, 'Deprecated alias of --command-property')
            [CompletionResult]::new('--consumer.config', '--consumer.config', [CompletionResultType]::ParameterName, 'Deprecated alias of --command-config')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the Java tool''s text (default), JSON, or a table')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)')
            [CompletionResult]::new('--command-property', '--command-property', [CompletionResultType]::ParameterName, 'A client property KEY=VALUE; repeatable, overrides --command-config')
            [CompletionResult]::new('--from-beginning', '--from-beginning', [CompletionResultType]::ParameterName, 'Start with the earliest record when the group has no committed offset')
            [CompletionResult]::new('--to-end', '--to-end', [CompletionResultType]::ParameterName, 'Exit once every assigned partition has reached the end it had at start')
            [CompletionResult]::new('--skip-message-on-error', '--skip-message-on-error', [CompletionResultType]::ParameterName, 'Skip a record the formatter cannot print instead of stopping')
            [CompletionResult]::new('--enable-systest-events', '--enable-systest-events', [CompletionResultType]::ParameterName, 'Print shutdown_complete on stdout at shutdown (Kafka''s system tests)')
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
