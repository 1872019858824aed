
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kafka-e2e-latency' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kafka-e2e-latency'
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
        'kafka-e2e-latency' {
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'REQUIRED: the topic to use for the test (created with 1 partition if missing)')
            [CompletionResult]::new('--num-records', '--num-records', [CompletionResultType]::ParameterName, 'REQUIRED: the number of records to send')
            [CompletionResult]::new('--producer-acks', '--producer-acks', [CompletionResultType]::ParameterName, 'REQUIRED: producer acknowledgements, ''1'' or ''all''')
            [CompletionResult]::new('--record-size', '--record-size', [CompletionResultType]::ParameterName, 'REQUIRED: the size of each record''s value in bytes')
            [CompletionResult]::new('--record-key-size', '--record-key-size', [CompletionResultType]::ParameterName, 'The size of each record''s key in bytes')
            [CompletionResult]::new('--record-header-key-size', '--record-header-key-size', [CompletionResultType]::ParameterName, 'The size of each header''s key in bytes')
            [CompletionResult]::new('--record-header-size', '--record-header-size', [CompletionResultType]::ParameterName, 'The size of each header''s value in bytes (-1: a null value)')
            [CompletionResult]::new('--num-headers', '--num-headers', [CompletionResultType]::ParameterName, 'The number of headers of each record')
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
