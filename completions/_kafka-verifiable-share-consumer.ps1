
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kafka-verifiable-share-consumer' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kafka-verifiable-share-consumer'
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
        'kafka-verifiable-share-consumer' {
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'REQUIRED: the topic to consume from')
            [CompletionResult]::new('--group-id', '--group-id', [CompletionResultType]::ParameterName, 'REQUIRED: the share group id')
            [CompletionResult]::new('--max-messages', '--max-messages', [CompletionResultType]::ParameterName, 'Stop after this many records were acknowledged (-1: until stopped)')
            [CompletionResult]::new('--acknowledgement-mode', '--acknowledgement-mode', [CompletionResultType]::ParameterName, 'auto (implicit, with the next poll), sync or async (a commit after every poll)')
            [CompletionResult]::new('--ack-pattern', '--ack-pattern', [CompletionResultType]::ParameterName, 'Comma-separated cycle of accept|release|reject applied to each record by offset % length (explicit acknowledgement; needs --acknowledgement-mode sync or async)')
            [CompletionResult]::new('--offset-reset-strategy', '--offset-reset-strategy', [CompletionResultType]::ParameterName, 'Set the group''s share.auto.offset.reset first: earliest or latest')
            [CompletionResult]::new('--consumer.config', '--consumer.config', [CompletionResultType]::ParameterName, 'Deprecated alias of --command-config')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)')
            [CompletionResult]::new('--command-property', '--command-property', [CompletionResultType]::ParameterName, 'A client property KEY=VALUE; repeatable, overrides --command-config')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print one record_data event per record')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
