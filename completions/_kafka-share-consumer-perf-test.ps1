
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kafka-share-consumer-perf-test' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kafka-share-consumer-perf-test'
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
        'kafka-share-consumer-perf-test' {
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'REQUIRED: the topic to consume from')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'The share group id to consume on')
            [CompletionResult]::new('--fetch-size', '--fetch-size', [CompletionResultType]::ParameterName, 'The amount of data to fetch in a single request (fetch.max.bytes)')
            [CompletionResult]::new('--socket-buffer-size', '--socket-buffer-size', [CompletionResultType]::ParameterName, 'The size of the TCP receive buffer')
            [CompletionResult]::new('--consumer.config', '--consumer.config', [CompletionResultType]::ParameterName, '(DEPRECATED) consumer config properties file; use --command-config')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'The maximum time in milliseconds between returned records')
            [CompletionResult]::new('--messages', '--messages', [CompletionResultType]::ParameterName, '(DEPRECATED) the number of records to consume; use --num-records')
            [CompletionResult]::new('--num-records', '--num-records', [CompletionResultType]::ParameterName, 'REQUIRED: the number of records to consume')
            [CompletionResult]::new('--reporting-interval', '--reporting-interval', [CompletionResultType]::ParameterName, 'Interval in milliseconds at which to print progress info')
            [CompletionResult]::new('--date-format', '--date-format', [CompletionResultType]::ParameterName, 'The date format of the time fields (java.text.SimpleDateFormat)')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'The number of share consumers (group members) sharing the load')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the Java tool''s text (default), JSON, or a table')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)')
            [CompletionResult]::new('--command-property', '--command-property', [CompletionResultType]::ParameterName, 'A client property KEY=VALUE; repeatable, overrides --command-config')
            [CompletionResult]::new('--print-metrics', '--print-metrics', [CompletionResultType]::ParameterName, 'Print the consumer''s metrics at the end')
            [CompletionResult]::new('--show-detailed-stats', '--show-detailed-stats', [CompletionResultType]::ParameterName, 'Report stats for each reporting interval (instead of one summary line)')
            [CompletionResult]::new('--hide-header', '--hide-header', [CompletionResultType]::ParameterName, 'Skip printing the header of the stats')
            [CompletionResult]::new('--show-consumer-stats', '--show-consumer-stats', [CompletionResultType]::ParameterName, 'Also report each member''s totals at the end')
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
