
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kafka-transactions' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kafka-transactions'
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
        'kafka-transactions' {
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the Java tool''s text (default), JSON, or a table')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)')
            [CompletionResult]::new('--command-property', '--command-property', [CompletionResultType]::ParameterName, 'A client property KEY=VALUE; repeatable, overrides --command-config')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'list transactions')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'describe the state of an active transactional-id')
            [CompletionResult]::new('describe-producers', 'describe-producers', [CompletionResultType]::ParameterValue, 'describe the states of active producers for a topic partition')
            [CompletionResult]::new('abort', 'abort', [CompletionResultType]::ParameterValue, 'abort a hanging transaction (requires administrative privileges)')
            [CompletionResult]::new('find-hanging', 'find-hanging', [CompletionResultType]::ParameterValue, 'find hanging transactions')
            [CompletionResult]::new('forceTerminateTransaction', 'forceTerminateTransaction', [CompletionResultType]::ParameterValue, 'Force abort an ongoing transaction on transactionalId (requires administrative privileges)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kafka-transactions;list' {
            [CompletionResult]::new('--duration-filter', '--duration-filter', [CompletionResultType]::ParameterName, 'Duration (in millis) to filter by: if < 0, all transactions will be returned; otherwise, only transactions running longer than this duration will be returned')
            [CompletionResult]::new('--transactional-id-pattern', '--transactional-id-pattern', [CompletionResultType]::ParameterName, 'Transactional id regular expression pattern to filter by')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the Java tool''s text (default), JSON, or a table')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kafka-transactions;describe' {
            [CompletionResult]::new('--transactional-id', '--transactional-id', [CompletionResultType]::ParameterName, 'transactional id')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the Java tool''s text (default), JSON, or a table')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kafka-transactions;describe-producers' {
            [CompletionResult]::new('--broker-id', '--broker-id', [CompletionResultType]::ParameterName, 'optional broker id to describe the producer state on a specific replica')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'topic name')
            [CompletionResult]::new('--partition', '--partition', [CompletionResultType]::ParameterName, 'partition number')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the Java tool''s text (default), JSON, or a table')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kafka-transactions;abort' {
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'topic name')
            [CompletionResult]::new('--partition', '--partition', [CompletionResultType]::ParameterName, 'partition number')
            [CompletionResult]::new('--start-offset', '--start-offset', [CompletionResultType]::ParameterName, 'start offset of the transaction to abort')
            [CompletionResult]::new('--producer-id', '--producer-id', [CompletionResultType]::ParameterName, 'producer id')
            [CompletionResult]::new('--producer-epoch', '--producer-epoch', [CompletionResultType]::ParameterName, 'producer epoch')
            [CompletionResult]::new('--coordinator-epoch', '--coordinator-epoch', [CompletionResultType]::ParameterName, 'coordinator epoch')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the Java tool''s text (default), JSON, or a table')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kafka-transactions;find-hanging' {
            [CompletionResult]::new('--broker-id', '--broker-id', [CompletionResultType]::ParameterName, 'broker id to search for hanging transactions')
            [CompletionResult]::new('--max-transaction-timeout', '--max-transaction-timeout', [CompletionResultType]::ParameterName, 'maximum transaction timeout in minutes to limit the scope of the search (15 minutes by default)')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'topic name to limit search to (required if --partition is specified)')
            [CompletionResult]::new('--partition', '--partition', [CompletionResultType]::ParameterName, 'partition number')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the Java tool''s text (default), JSON, or a table')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kafka-transactions;forceTerminateTransaction' {
            [CompletionResult]::new('--transactionalId', '--transactionalId', [CompletionResultType]::ParameterName, 'transactional id')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the Java tool''s text (default), JSON, or a table')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kafka-transactions;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'list transactions')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'describe the state of an active transactional-id')
            [CompletionResult]::new('describe-producers', 'describe-producers', [CompletionResultType]::ParameterValue, 'describe the states of active producers for a topic partition')
            [CompletionResult]::new('abort', 'abort', [CompletionResultType]::ParameterValue, 'abort a hanging transaction (requires administrative privileges)')
            [CompletionResult]::new('find-hanging', 'find-hanging', [CompletionResultType]::ParameterValue, 'find hanging transactions')
            [CompletionResult]::new('forceTerminateTransaction', 'forceTerminateTransaction', [CompletionResultType]::ParameterValue, 'Force abort an ongoing transaction on transactionalId (requires administrative privileges)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kafka-transactions;help;list' {
            break
        }
        'kafka-transactions;help;describe' {
            break
        }
        'kafka-transactions;help;describe-producers' {
            break
        }
        'kafka-transactions;help;abort' {
            break
        }
        'kafka-transactions;help;find-hanging' {
            break
        }
        'kafka-transactions;help;forceTerminateTransaction' {
            break
        }
        'kafka-transactions;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
