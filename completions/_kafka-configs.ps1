
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kafka-configs' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kafka-configs'
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
        'kafka-configs' {
            [CompletionResult]::new('--entity-type', '--entity-type', [CompletionResultType]::ParameterName, 'Type of entity: topics, brokers, groups (broker-loggers, clients, users, ips and client-metrics are recognised but not supported)')
            [CompletionResult]::new('--entity-name', '--entity-name', [CompletionResultType]::ParameterName, 'Name of the entity (topic name, broker id, group id)')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'The topic''s configs (shortcut for --entity-type topics --entity-name TOPIC)')
            [CompletionResult]::new('--broker', '--broker', [CompletionResultType]::ParameterName, 'The broker''s configs (shortcut for --entity-type brokers --entity-name ID)')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'The group''s configs (shortcut for --entity-type groups --entity-name GROUP)')
            [CompletionResult]::new('--broker-logger', '--broker-logger', [CompletionResultType]::ParameterName, 'Not supported: broker loggers (librdkafka cannot address them)')
            [CompletionResult]::new('--client', '--client', [CompletionResultType]::ParameterName, 'Not supported: client quotas (librdkafka has no quota API)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Not supported: user quotas and SCRAM credentials')
            [CompletionResult]::new('--ip', '--ip', [CompletionResultType]::ParameterName, 'Not supported: ip quotas')
            [CompletionResult]::new('--client-metrics', '--client-metrics', [CompletionResultType]::ParameterName, 'Not supported: client-metrics subscriptions')
            [CompletionResult]::new('--add-config', '--add-config', [CompletionResultType]::ParameterName, 'Configs to set: k1=v1,k2=[v1,v2,v2],k3=v3 (brackets group values that contain commas)')
            [CompletionResult]::new('--add-config-file', '--add-config-file', [CompletionResultType]::ParameterName, 'A Java properties file of configs to set')
            [CompletionResult]::new('--delete-config', '--delete-config', [CompletionResultType]::ParameterName, 'Configs to remove: k1,k2 (repeatable)')
            [CompletionResult]::new('--bootstrap-controller', '--bootstrap-controller', [CompletionResultType]::ParameterName, 'Not supported: talking to KRaft controllers directly (librdkafka speaks to brokers only)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the Java tool''s text (default), JSON, or a table')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)')
            [CompletionResult]::new('--command-property', '--command-property', [CompletionResultType]::ParameterName, 'A client property KEY=VALUE; repeatable, overrides --command-config')
            [CompletionResult]::new('--describe', '--describe', [CompletionResultType]::ParameterName, 'List the configs of the given entity')
            [CompletionResult]::new('--alter', '--alter', [CompletionResultType]::ParameterName, 'Alter the configs of the given entity')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'With --describe, list every config (static and default ones too), not only dynamic ones')
            [CompletionResult]::new('--entity-default', '--entity-default', [CompletionResultType]::ParameterName, 'The default entity (brokers: the cluster-wide default)')
            [CompletionResult]::new('--broker-defaults', '--broker-defaults', [CompletionResultType]::ParameterName, 'The cluster-wide default broker configs (shortcut for --entity-type brokers --entity-default)')
            [CompletionResult]::new('--client-defaults', '--client-defaults', [CompletionResultType]::ParameterName, 'Not supported: default client quotas')
            [CompletionResult]::new('--user-defaults', '--user-defaults', [CompletionResultType]::ParameterName, 'Not supported: default user quotas')
            [CompletionResult]::new('--ip-defaults', '--ip-defaults', [CompletionResultType]::ParameterName, 'Not supported: default ip quotas')
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
