
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
            [CompletionResult]::new('--entity-type', '--entity-type', [CompletionResultType]::ParameterName, 'Type of entity: topics, brokers, broker-loggers, groups, users, clients, ips, client-metrics (users and clients may be given together)')
            [CompletionResult]::new('--entity-name', '--entity-name', [CompletionResultType]::ParameterName, 'Name of the entity (topic name, broker id, group id, user principal, client id, ip, client-metrics name)')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'The topic''s configs (shortcut for --entity-type topics --entity-name TOPIC)')
            [CompletionResult]::new('--broker', '--broker', [CompletionResultType]::ParameterName, 'The broker''s configs (shortcut for --entity-type brokers --entity-name ID)')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'The group''s configs (shortcut for --entity-type groups --entity-name GROUP)')
            [CompletionResult]::new('--broker-logger', '--broker-logger', [CompletionResultType]::ParameterName, 'The broker''s loggers (shortcut for --entity-type broker-loggers --entity-name ID)')
            [CompletionResult]::new('--client', '--client', [CompletionResultType]::ParameterName, 'The client id''s quotas (shortcut for --entity-type clients --entity-name CLIENT-ID)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The user''s quotas and SCRAM credentials (shortcut for --entity-type users --entity-name)')
            [CompletionResult]::new('--ip', '--ip', [CompletionResultType]::ParameterName, 'The ip''s connection quotas (shortcut for --entity-type ips --entity-name IP)')
            [CompletionResult]::new('--client-metrics', '--client-metrics', [CompletionResultType]::ParameterName, 'The client-metrics subscription (shortcut for --entity-type client-metrics --entity-name)')
            [CompletionResult]::new('--add-config', '--add-config', [CompletionResultType]::ParameterName, 'Configs to set: k1=v1,k2=[v1,v2,v2],k3=v3 (brackets group values that contain commas)')
            [CompletionResult]::new('--add-config-file', '--add-config-file', [CompletionResultType]::ParameterName, 'A Java properties file of configs to set')
            [CompletionResult]::new('--delete-config', '--delete-config', [CompletionResultType]::ParameterName, 'Configs to remove: k1,k2 (repeatable)')
            [CompletionResult]::new('--bootstrap-controller', '--bootstrap-controller', [CompletionResultType]::ParameterName, 'The KRaft controllers to talk to directly, instead of brokers')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the Java tool''s text (default), JSON, or a table')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)')
            [CompletionResult]::new('--command-property', '--command-property', [CompletionResultType]::ParameterName, 'A client property KEY=VALUE; repeatable, overrides --command-config')
            [CompletionResult]::new('--describe', '--describe', [CompletionResultType]::ParameterName, 'List the configs of the given entity')
            [CompletionResult]::new('--alter', '--alter', [CompletionResultType]::ParameterName, 'Alter the configs of the given entity')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'With --describe, list every config (static and default ones too), not only dynamic ones')
            [CompletionResult]::new('--entity-default', '--entity-default', [CompletionResultType]::ParameterName, 'The default entity (brokers: the cluster-wide default; users, clients, ips: the default quota entity)')
            [CompletionResult]::new('--broker-defaults', '--broker-defaults', [CompletionResultType]::ParameterName, 'The cluster-wide default broker configs (shortcut for --entity-type brokers --entity-default)')
            [CompletionResult]::new('--client-defaults', '--client-defaults', [CompletionResultType]::ParameterName, 'The default client quotas (shortcut for --entity-type clients --entity-default)')
            [CompletionResult]::new('--user-defaults', '--user-defaults', [CompletionResultType]::ParameterName, 'The default user quotas (shortcut for --entity-type users --entity-default)')
            [CompletionResult]::new('--ip-defaults', '--ip-defaults', [CompletionResultType]::ParameterName, 'The default ip quotas (shortcut for --entity-type ips --entity-default)')
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
