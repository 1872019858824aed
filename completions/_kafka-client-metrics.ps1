
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kafka-client-metrics' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kafka-client-metrics'
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
        'kafka-client-metrics' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Name of client metrics configuration resource')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'The metrics push interval in milliseconds. Leave empty to reset the interval')
            [CompletionResult]::new('--match', '--match', [CompletionResultType]::ParameterName, 'Matching selector ''k1=v1,k2=v2'' (repeatable; empty to remove). Selector names: client_id, client_instance_id, client_software_name, client_software_version, client_source_address, client_source_port')
            [CompletionResult]::new('--metrics', '--metrics', [CompletionResultType]::ParameterName, 'Telemetry metric name prefixes ''m1,m2'' (repeatable; empty to remove)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the Java tool''s text (default), JSON, or a table')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)')
            [CompletionResult]::new('--command-property', '--command-property', [CompletionResultType]::ParameterName, 'A client property KEY=VALUE; repeatable, overrides --command-config')
            [CompletionResult]::new('--alter', '--alter', [CompletionResultType]::ParameterName, 'Alter the configuration for the client metrics resource')
            [CompletionResult]::new('--delete', '--delete', [CompletionResultType]::ParameterName, 'Delete the configuration for the client metrics resource')
            [CompletionResult]::new('--describe', '--describe', [CompletionResultType]::ParameterName, 'List configurations for the client metrics resource')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List the client metrics resources')
            [CompletionResult]::new('--generate-name', '--generate-name', [CompletionResultType]::ParameterName, 'Generate a UUID to use as the name')
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
