
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kafka-dump-log' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kafka-dump-log'
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
        'kafka-dump-log' {
            [CompletionResult]::new('--files', '--files', [CompletionResultType]::ParameterName, 'REQUIRED: The comma separated list of data and index log files to be dumped')
            [CompletionResult]::new('--max-message-size', '--max-message-size', [CompletionResultType]::ParameterName, 'Size of the largest message')
            [CompletionResult]::new('--max-bytes', '--max-bytes', [CompletionResultType]::ParameterName, 'Limit the amount of total batches read in bytes, avoiding reading the whole .log file(s)')
            [CompletionResult]::new('--key-decoder-class', '--key-decoder-class', [CompletionResultType]::ParameterName, 'Decoder of the keys: org.apache.kafka.tools.api.StringDecoder (default), LongDecoder, IntegerDecoder or DefaultDecoder')
            [CompletionResult]::new('--value-decoder-class', '--value-decoder-class', [CompletionResultType]::ParameterName, 'Decoder of the values (same classes as --key-decoder-class)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the Java tool''s text (default), JSON, or a table')
            [CompletionResult]::new('--print-data-log', '--print-data-log', [CompletionResultType]::ParameterName, 'Print the messages'' content (implied by any decoder option)')
            [CompletionResult]::new('--deep-iteration', '--deep-iteration', [CompletionResultType]::ParameterName, 'Deep instead of shallow iteration (implied by --print-data-log)')
            [CompletionResult]::new('--verify-index-only', '--verify-index-only', [CompletionResultType]::ParameterName, 'Just verify the index against the log, without printing its content')
            [CompletionResult]::new('--index-sanity-check', '--index-sanity-check', [CompletionResultType]::ParameterName, 'Just check the index sanity (the broker''s startup check), without printing its content')
            [CompletionResult]::new('--offsets-decoder', '--offsets-decoder', [CompletionResultType]::ParameterName, 'Parse log data as offset data from the __consumer_offsets topic')
            [CompletionResult]::new('--transaction-log-decoder', '--transaction-log-decoder', [CompletionResultType]::ParameterName, 'Parse log data as transaction metadata from the __transaction_state topic')
            [CompletionResult]::new('--cluster-metadata-decoder', '--cluster-metadata-decoder', [CompletionResultType]::ParameterName, 'Parse log data as cluster metadata records')
            [CompletionResult]::new('--remote-log-metadata-decoder', '--remote-log-metadata-decoder', [CompletionResultType]::ParameterName, 'Parse log data as TopicBasedRemoteLogMetadataManager (RLMM) metadata records (not supported yet)')
            [CompletionResult]::new('--share-group-state-decoder', '--share-group-state-decoder', [CompletionResultType]::ParameterName, 'Parse log data as share group state data from the __share_group_state topic')
            [CompletionResult]::new('--skip-record-metadata', '--skip-record-metadata', [CompletionResultType]::ParameterName, 'Skip metadata when printing records (control records too)')
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
