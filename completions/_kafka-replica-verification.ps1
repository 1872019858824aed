
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kafka-replica-verification' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kafka-replica-verification'
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
        'kafka-replica-verification' {
            [CompletionResult]::new('--broker-list', '--broker-list', [CompletionResultType]::ParameterName, 'REQUIRED: the list of hostname and port of the server to connect to (or --bootstrap-server)')
            [CompletionResult]::new('--fetch-size', '--fetch-size', [CompletionResultType]::ParameterName, 'The fetch size of each request (bytes per partition)')
            [CompletionResult]::new('--max-wait-ms', '--max-wait-ms', [CompletionResultType]::ParameterName, 'The max amount of time each fetch request waits (ms)')
            [CompletionResult]::new('--report-interval-ms', '--report-interval-ms', [CompletionResultType]::ParameterName, 'The reporting interval (ms)')
            [CompletionResult]::new('--time', '--time', [CompletionResultType]::ParameterName, 'Timestamp for getting the initial offsets: a timestamp, -1 (latest) or -2 (earliest)')
            [CompletionResult]::new('--topics-include', '--topics-include', [CompletionResultType]::ParameterName, 'The topics to verify: a Java regex (default: every topic)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the Java tool''s text (default), JSON, or a table')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)')
            [CompletionResult]::new('--command-property', '--command-property', [CompletionResultType]::ParameterName, 'A client property KEY=VALUE; repeatable, overrides --command-config')
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
