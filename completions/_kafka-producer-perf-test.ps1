
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kafka-producer-perf-test' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kafka-producer-perf-test'
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
        'kafka-producer-perf-test' {
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'Produce records to this topic')
            [CompletionResult]::new('--num-records', '--num-records', [CompletionResultType]::ParameterName, 'Number of records to produce')
            [CompletionResult]::new('--record-size', '--record-size', [CompletionResultType]::ParameterName, 'Record size in bytes (one of --record-size, --payload-file, --payload-monotonic)')
            [CompletionResult]::new('--payload-file', '--payload-file', [CompletionResultType]::ParameterName, 'File to read the record payloads from (UTF-8 text); each record takes a random one')
            [CompletionResult]::new('--payload-delimiter', '--payload-delimiter', [CompletionResultType]::ParameterName, 'The delimiter (a Java regex) of the payloads in --payload-file')
            [CompletionResult]::new('--throughput', '--throughput', [CompletionResultType]::ParameterName, 'Throttle to approximately THROUGHPUT records/sec (-1: no throttling)')
            [CompletionResult]::new('--producer-props', '--producer-props', [CompletionResultType]::ParameterName, '(DEPRECATED) producer properties KEY=VALUE ...; use --command-property')
            [CompletionResult]::new('--producer.config', '--producer.config', [CompletionResultType]::ParameterName, '(DEPRECATED) producer config properties file; use --command-config')
            [CompletionResult]::new('--transactional-id', '--transactional-id', [CompletionResultType]::ParameterName, 'The transactional id to use (turns transactions on)')
            [CompletionResult]::new('--transaction-duration-ms', '--transaction-duration-ms', [CompletionResultType]::ParameterName, 'Commit a transaction after this many ms (turns transactions on; default 3000 with an id)')
            [CompletionResult]::new('--warmup-records', '--warmup-records', [CompletionResultType]::ParameterName, 'Records to treat as warmup, left out of a second, steady-state summary')
            [CompletionResult]::new('--reporting-interval', '--reporting-interval', [CompletionResultType]::ParameterName, 'Interval in milliseconds at which to print progress info')
            [CompletionResult]::new('--record-key-range', '--record-key-range', [CompletionResultType]::ParameterName, 'Keys are integers in [0, KEY-RANGE) (with --key-distribution range or random)')
            [CompletionResult]::new('--key-distribution', '--key-distribution', [CompletionResultType]::ParameterName, 'none (null keys), range (round-robin in [0, KEY-RANGE)) or random')
            [CompletionResult]::new('--random-seed', '--random-seed', [CompletionResultType]::ParameterName, 'Seed of the random keys and payloads (0: the same run every time)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the Java tool''s text (default), JSON, or a table')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)')
            [CompletionResult]::new('--command-property', '--command-property', [CompletionResultType]::ParameterName, 'A client property KEY=VALUE; repeatable, overrides --command-config')
            [CompletionResult]::new('--payload-monotonic', '--payload-monotonic', [CompletionResultType]::ParameterName, 'Payload is a monotonically increasing integer')
            [CompletionResult]::new('--print-metrics', '--print-metrics', [CompletionResultType]::ParameterName, 'Print the producer''s metrics at the end of the test')
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
