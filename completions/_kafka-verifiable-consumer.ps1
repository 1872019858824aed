
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kafka-verifiable-consumer' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kafka-verifiable-consumer'
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
        'kafka-verifiable-consumer' {
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'REQUIRED: the topic to consume from')
            [CompletionResult]::new('--group-id', '--group-id', [CompletionResultType]::ParameterName, 'REQUIRED: the consumer group id')
            [CompletionResult]::new('--group-instance-id', '--group-instance-id', [CompletionResultType]::ParameterName, 'Static membership id (group.instance.id)')
            [CompletionResult]::new('--group-protocol', '--group-protocol', [CompletionResultType]::ParameterName, 'Group protocol: classic or consumer')
            [CompletionResult]::new('--group-remote-assignor', '--group-remote-assignor', [CompletionResultType]::ParameterName, 'Server-side assignor (consumer protocol only)')
            [CompletionResult]::new('--assignment-strategy', '--assignment-strategy', [CompletionResultType]::ParameterName, 'Assignment strategy (classic protocol only)')
            [CompletionResult]::new('--max-messages', '--max-messages', [CompletionResultType]::ParameterName, 'Stop after this many records (-1: until stopped)')
            [CompletionResult]::new('--session-timeout', '--session-timeout', [CompletionResultType]::ParameterName, 'Session timeout in ms (classic protocol)')
            [CompletionResult]::new('--reset-policy', '--reset-policy', [CompletionResultType]::ParameterName, 'Where to start without a committed offset: earliest, latest or none')
            [CompletionResult]::new('--consumer.config', '--consumer.config', [CompletionResultType]::ParameterName, 'Deprecated alias of --command-config')
            [CompletionResult]::new('--close-timeout', '--close-timeout', [CompletionResultType]::ParameterName, 'Accepted for compatibility (Kafka 4.4); closing waits for the group coordinator')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)')
            [CompletionResult]::new('--command-property', '--command-property', [CompletionResultType]::ParameterName, 'A client property KEY=VALUE; repeatable, overrides --command-config')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print one record_data event per record')
            [CompletionResult]::new('--enable-autocommit', '--enable-autocommit', [CompletionResultType]::ParameterName, 'Let the consumer commit automatically instead of after every poll')
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
