
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kafka-reassign-partitions' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kafka-reassign-partitions'
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
        'kafka-reassign-partitions' {
            [CompletionResult]::new('--reassignment-json-file', '--reassignment-json-file', [CompletionResultType]::ParameterName, 'The JSON file of the reassignment: {"partitions":[{"topic":"foo","partition":1,"replicas":[1,2,3],"log_dirs":["any","any","any"]}],"version":1} (log_dirs optional: "any" or an absolute log directory of the broker)')
            [CompletionResult]::new('--topics-to-move-json-file', '--topics-to-move-json-file', [CompletionResultType]::ParameterName, 'The JSON file of the topics to move with --generate: {"topics":[{"topic":"foo"},{"topic":"foo1"}],"version":1}')
            [CompletionResult]::new('--broker-list', '--broker-list', [CompletionResultType]::ParameterName, 'The brokers to move the partitions to, "0,1,2" (required with --generate)')
            [CompletionResult]::new('--throttle', '--throttle', [CompletionResultType]::ParameterName, 'Throttle moves between brokers to this many bytes/sec (at least 1 KB/s); with --additional, changes the throttle of an ongoing reassignment [default: -1]')
            [CompletionResult]::new('--replica-alter-log-dirs-throttle', '--replica-alter-log-dirs-throttle', [CompletionResultType]::ParameterName, 'Throttle moves between log directories of a broker to this many bytes/sec [default: -1]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'The maximum time in ms to wait for log directory replica moves to begin [default: 10000]')
            [CompletionResult]::new('--bootstrap-controller', '--bootstrap-controller', [CompletionResultType]::ParameterName, 'The KRaft controllers to talk to directly, instead of brokers')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the Java tool''s text (default), JSON, or a table')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)')
            [CompletionResult]::new('--command-property', '--command-property', [CompletionResultType]::ParameterName, 'A client property KEY=VALUE; repeatable, overrides --command-config')
            [CompletionResult]::new('--generate', '--generate', [CompletionResultType]::ParameterName, 'Generate a candidate partition reassignment configuration (it is not executed)')
            [CompletionResult]::new('--execute', '--execute', [CompletionResultType]::ParameterName, 'Kick off the reassignment given by --reassignment-json-file')
            [CompletionResult]::new('--verify', '--verify', [CompletionResultType]::ParameterName, 'Verify whether the reassignment of --reassignment-json-file completed; once it has, the throttles are removed')
            [CompletionResult]::new('--cancel', '--cancel', [CompletionResultType]::ParameterName, 'Cancel an active reassignment')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List all active partition reassignments')
            [CompletionResult]::new('--disable-rack-aware', '--disable-rack-aware', [CompletionResultType]::ParameterName, 'Disable rack aware replica assignment')
            [CompletionResult]::new('--balance-leaders', '--balance-leaders', [CompletionResultType]::ParameterName, 'With --generate: also order each partition''s replicas so that the preferred leaders are spread evenly over the brokers (not in the Java tool)')
            [CompletionResult]::new('--disallow-replication-factor-change', '--disallow-replication-factor-change', [CompletionResultType]::ParameterName, 'Deny changing a partition''s replication factor as part of this reassignment')
            [CompletionResult]::new('--additional', '--additional', [CompletionResultType]::ParameterName, 'Execute this reassignment in addition to any other ongoing ones (also: change the throttle of an ongoing reassignment)')
            [CompletionResult]::new('--preserve-throttles', '--preserve-throttles', [CompletionResultType]::ParameterName, 'Do not modify broker or topic throttles')
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
