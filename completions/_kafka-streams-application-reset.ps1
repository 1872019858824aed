
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kafka-streams-application-reset' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kafka-streams-application-reset'
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
        'kafka-streams-application-reset' {
            [CompletionResult]::new('--application-id', '--application-id', [CompletionResultType]::ParameterName, 'REQUIRED: The Kafka Streams application ID (application.id)')
            [CompletionResult]::new('--input-topics', '--input-topics', [CompletionResultType]::ParameterName, 'Comma-separated list of user input topics. For these topics, the tool by default will reset the offset to the earliest available offset. Reset to other offset position by appending other reset offset option, ex: --input-topics foo --shift-by 5')
            [CompletionResult]::new('--intermediate-topics', '--intermediate-topics', [CompletionResultType]::ParameterName, '[deprecated] Comma-separated list of intermediate user topics (topics that are input and output topics). For these topics, the tool will skip to the end')
            [CompletionResult]::new('--internal-topics', '--internal-topics', [CompletionResultType]::ParameterName, 'Comma-separated list of internal topics to delete. Must be a subset of the internal topics marked for deletion by the default behaviour (do a dry-run without this option to view these topics)')
            [CompletionResult]::new('--to-offset', '--to-offset', [CompletionResultType]::ParameterName, 'Reset offsets to a specific offset')
            [CompletionResult]::new('--to-datetime', '--to-datetime', [CompletionResultType]::ParameterName, 'Reset offsets to offset from datetime. Format: ''YYYY-MM-DDThh:mm:ss.sss''')
            [CompletionResult]::new('--by-duration', '--by-duration', [CompletionResultType]::ParameterName, 'Reset offsets to offset by duration from current timestamp. Format: ''PnDTnHnMnS''')
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'Reset offsets to values defined in CSV file (lines TOPIC,PARTITION,OFFSET)')
            [CompletionResult]::new('--shift-by', '--shift-by', [CompletionResultType]::ParameterName, 'Reset offsets shifting current offset by ''n'', where ''n'' can be positive or negative')
            [CompletionResult]::new('--config-file', '--config-file', [CompletionResultType]::ParameterName, '(DEPRECATED) Property file containing configs to be passed to admin clients and embedded consumer; use --command-config')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the Java tool''s text (default), JSON, or a table')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)')
            [CompletionResult]::new('--command-property', '--command-property', [CompletionResultType]::ParameterName, 'A client property KEY=VALUE; repeatable, overrides --command-config')
            [CompletionResult]::new('--to-earliest', '--to-earliest', [CompletionResultType]::ParameterName, 'Reset offsets to earliest offset')
            [CompletionResult]::new('--to-latest', '--to-latest', [CompletionResultType]::ParameterName, 'Reset offsets to latest offset')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Display the actions that would be performed without executing the reset commands')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Force the removal of members of the consumer group (intended to remove stopped members if a long session timeout was used). Make sure to shut down all stream applications when this option is specified to avoid unexpected rebalances')
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
