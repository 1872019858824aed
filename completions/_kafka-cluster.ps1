
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kafka-cluster' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kafka-cluster'
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
        'kafka-cluster' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('cluster-id', 'cluster-id', [CompletionResultType]::ParameterValue, 'Get information about the ID of a cluster')
            [CompletionResult]::new('unregister', 'unregister', [CompletionResultType]::ParameterValue, 'Unregister a broker')
            [CompletionResult]::new('unregister-controller', 'unregister-controller', [CompletionResultType]::ParameterValue, 'Unregister a controller')
            [CompletionResult]::new('list-endpoints', 'list-endpoints', [CompletionResultType]::ParameterValue, 'List endpoints')
            [CompletionResult]::new('api-versions', 'api-versions', [CompletionResultType]::ParameterValue, 'Get information about the api versions of the brokers or controllers')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kafka-cluster;cluster-id' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, '(DEPRECATED) A property file containing configurations for the Admin client; use --command-config')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the Java tool''s text (default), JSON, or a table')
            [CompletionResult]::new('--command-property', '--command-property', [CompletionResultType]::ParameterName, 'A client property KEY=VALUE; repeatable, overrides --command-config')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The KRaft controllers to talk to directly, instead of brokers')
            [CompletionResult]::new('--bootstrap-controller', '--bootstrap-controller', [CompletionResultType]::ParameterName, 'The KRaft controllers to talk to directly, instead of brokers')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kafka-cluster;unregister' {
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'The ID of the broker to unregister')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The ID of the broker to unregister')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, '(DEPRECATED) A property file containing configurations for the Admin client; use --command-config')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the Java tool''s text (default), JSON, or a table')
            [CompletionResult]::new('--command-property', '--command-property', [CompletionResultType]::ParameterName, 'A client property KEY=VALUE; repeatable, overrides --command-config')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The KRaft controllers to talk to directly, instead of brokers')
            [CompletionResult]::new('--bootstrap-controller', '--bootstrap-controller', [CompletionResultType]::ParameterName, 'The KRaft controllers to talk to directly, instead of brokers')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kafka-cluster;unregister-controller' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, '(DEPRECATED) A property file containing configurations for the Admin client; use --command-config')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the Java tool''s text (default), JSON, or a table')
            [CompletionResult]::new('--command-property', '--command-property', [CompletionResultType]::ParameterName, 'A client property KEY=VALUE; repeatable, overrides --command-config')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The KRaft controllers to talk to directly, instead of brokers')
            [CompletionResult]::new('--bootstrap-controller', '--bootstrap-controller', [CompletionResultType]::ParameterName, 'The KRaft controllers to talk to directly, instead of brokers')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'The ID of the controller to unregister.')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The ID of the controller to unregister.')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kafka-cluster;list-endpoints' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, '(DEPRECATED) A property file containing configurations for the Admin client; use --command-config')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the Java tool''s text (default), JSON, or a table')
            [CompletionResult]::new('--command-property', '--command-property', [CompletionResultType]::ParameterName, 'A client property KEY=VALUE; repeatable, overrides --command-config')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The KRaft controllers to talk to directly, instead of brokers')
            [CompletionResult]::new('--bootstrap-controller', '--bootstrap-controller', [CompletionResultType]::ParameterName, 'The KRaft controllers to talk to directly, instead of brokers')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)')
            [CompletionResult]::new('--include-fenced-brokers', '--include-fenced-brokers', [CompletionResultType]::ParameterName, 'Whether to include fenced brokers when listing broker endpoints')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kafka-cluster;api-versions' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, '(DEPRECATED) A property file containing configurations for the Admin client; use --command-config')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the Java tool''s text (default), JSON, or a table')
            [CompletionResult]::new('--command-property', '--command-property', [CompletionResultType]::ParameterName, 'A client property KEY=VALUE; repeatable, overrides --command-config')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The KRaft controllers to talk to directly, instead of brokers')
            [CompletionResult]::new('--bootstrap-controller', '--bootstrap-controller', [CompletionResultType]::ParameterName, 'The KRaft controllers to talk to directly, instead of brokers')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kafka-cluster;help' {
            [CompletionResult]::new('cluster-id', 'cluster-id', [CompletionResultType]::ParameterValue, 'Get information about the ID of a cluster')
            [CompletionResult]::new('unregister', 'unregister', [CompletionResultType]::ParameterValue, 'Unregister a broker')
            [CompletionResult]::new('unregister-controller', 'unregister-controller', [CompletionResultType]::ParameterValue, 'Unregister a controller')
            [CompletionResult]::new('list-endpoints', 'list-endpoints', [CompletionResultType]::ParameterValue, 'List endpoints')
            [CompletionResult]::new('api-versions', 'api-versions', [CompletionResultType]::ParameterValue, 'Get information about the api versions of the brokers or controllers')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kafka-cluster;help;cluster-id' {
            break
        }
        'kafka-cluster;help;unregister' {
            break
        }
        'kafka-cluster;help;unregister-controller' {
            break
        }
        'kafka-cluster;help;list-endpoints' {
            break
        }
        'kafka-cluster;help;api-versions' {
            break
        }
        'kafka-cluster;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
