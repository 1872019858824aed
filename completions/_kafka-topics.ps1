
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kafka-topics' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kafka-topics'
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
        'kafka-topics' {
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'The topic to create, alter, describe or delete; a regular expression except with --create')
            [CompletionResult]::new('--topic-id', '--topic-id', [CompletionResultType]::ParameterName, 'The topic id to describe')
            [CompletionResult]::new('--partitions', '--partitions', [CompletionResultType]::ParameterName, 'The number of partitions for the topic being created or altered (default: the cluster''s)')
            [CompletionResult]::new('--replication-factor', '--replication-factor', [CompletionResultType]::ParameterName, 'The replication factor for each partition of the topic being created (default: the cluster''s)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A topic configuration override for the topic being created, name=value (repeatable)')
            [CompletionResult]::new('--delete-config', '--delete-config', [CompletionResultType]::ParameterName, 'No longer supported (since Kafka 4.0); accepted and ignored with a notice')
            [CompletionResult]::new('--replica-assignment', '--replica-assignment', [CompletionResultType]::ParameterName, 'Manual partition-to-broker assignments for the topic being created or altered: 0:1,1:2,...')
            [CompletionResult]::new('--partition-size-limit-per-response', '--partition-size-limit-per-response', [CompletionResultType]::ParameterName, 'Accepted for compatibility (DescribeTopicPartitions page size); librdkafka pages itself')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the Java tool''s text (default), JSON, or a table')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)')
            [CompletionResult]::new('--command-property', '--command-property', [CompletionResultType]::ParameterName, 'A client property KEY=VALUE; repeatable, overrides --command-config')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Create a new topic')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List all available topics')
            [CompletionResult]::new('--describe', '--describe', [CompletionResultType]::ParameterName, 'List details for the given topics')
            [CompletionResult]::new('--alter', '--alter', [CompletionResultType]::ParameterName, 'Alter the number of partitions and replica assignment (configs: use kafka-configs)')
            [CompletionResult]::new('--delete', '--delete', [CompletionResultType]::ParameterName, 'Delete a topic')
            [CompletionResult]::new('--under-replicated-partitions', '--under-replicated-partitions', [CompletionResultType]::ParameterName, 'With --describe, only show under-replicated partitions')
            [CompletionResult]::new('--under-min-isr-partitions', '--under-min-isr-partitions', [CompletionResultType]::ParameterName, 'With --describe, only show partitions whose ISR count is below the configured minimum')
            [CompletionResult]::new('--at-min-isr-partitions', '--at-min-isr-partitions', [CompletionResultType]::ParameterName, 'With --describe, only show partitions whose ISR count equals the configured minimum')
            [CompletionResult]::new('--unavailable-partitions', '--unavailable-partitions', [CompletionResultType]::ParameterName, 'With --describe, only show partitions whose leader is not available')
            [CompletionResult]::new('--topics-with-overrides', '--topics-with-overrides', [CompletionResultType]::ParameterName, 'With --describe, only show topics that have overridden configs')
            [CompletionResult]::new('--broker-summary', '--broker-summary', [CompletionResultType]::ParameterName, 'With --describe, print leaders, preferred leaders and replicas per broker (leader skew)')
            [CompletionResult]::new('--if-exists', '--if-exists', [CompletionResultType]::ParameterName, 'With --alter, --delete or --describe, do nothing (and succeed) if the topic does not exist')
            [CompletionResult]::new('--if-not-exists', '--if-not-exists', [CompletionResultType]::ParameterName, 'With --create, do not fail if the topic already exists')
            [CompletionResult]::new('--exclude-internal', '--exclude-internal', [CompletionResultType]::ParameterName, 'Leave internal topics (__consumer_offsets, ...) out of --list and --describe')
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
