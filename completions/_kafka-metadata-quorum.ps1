
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kafka-metadata-quorum' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kafka-metadata-quorum'
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
        'kafka-metadata-quorum' {
            [CompletionResult]::new('--bootstrap-controller', '--bootstrap-controller', [CompletionResultType]::ParameterName, 'The KRaft controllers to talk to directly, instead of brokers')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the Java tool''s text (default), JSON, or a table')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)')
            [CompletionResult]::new('--command-property', '--command-property', [CompletionResultType]::ParameterName, 'A client property KEY=VALUE; repeatable, overrides --command-config')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'Describe the metadata quorum info')
            [CompletionResult]::new('add-controller', 'add-controller', [CompletionResultType]::ParameterValue, 'Add a controller to the KRaft controller cluster (--command-config names the new controller''s properties file)')
            [CompletionResult]::new('remove-controller', 'remove-controller', [CompletionResultType]::ParameterValue, 'Remove a controller from the KRaft controller cluster')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kafka-metadata-quorum;describe' {
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the Java tool''s text (default), JSON, or a table')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'A short summary of the quorum status')
            [CompletionResult]::new('--replication', '--replication', [CompletionResultType]::ParameterName, 'Detailed information about the status of replication')
            [CompletionResult]::new('--human-readable', '--human-readable', [CompletionResultType]::ParameterName, 'With --replication: the timestamps as "N ms ago"')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kafka-metadata-quorum;add-controller' {
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the Java tool''s text (default), JSON, or a table')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would be done, but do not do it')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kafka-metadata-quorum;remove-controller' {
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'REQUIRED: the id of the controller to remove')
            [CompletionResult]::new('--controller-id', '--controller-id', [CompletionResultType]::ParameterName, 'REQUIRED: the id of the controller to remove')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'REQUIRED: the directory id of the controller to remove')
            [CompletionResult]::new('--controller-directory-id', '--controller-directory-id', [CompletionResultType]::ParameterName, 'REQUIRED: the directory id of the controller to remove')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the Java tool''s text (default), JSON, or a table')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would be done, but do not do it')
            [CompletionResult]::new('--unregister', '--unregister', [CompletionResultType]::ParameterName, 'Also unregister the controller after removing it from the voter set')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kafka-metadata-quorum;help' {
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'Describe the metadata quorum info')
            [CompletionResult]::new('add-controller', 'add-controller', [CompletionResultType]::ParameterValue, 'Add a controller to the KRaft controller cluster (--command-config names the new controller''s properties file)')
            [CompletionResult]::new('remove-controller', 'remove-controller', [CompletionResultType]::ParameterValue, 'Remove a controller from the KRaft controller cluster')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kafka-metadata-quorum;help;describe' {
            break
        }
        'kafka-metadata-quorum;help;add-controller' {
            break
        }
        'kafka-metadata-quorum;help;remove-controller' {
            break
        }
        'kafka-metadata-quorum;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
