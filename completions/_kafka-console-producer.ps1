
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kafka-console-producer' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kafka-console-producer'
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
        'kafka-console-producer' {
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'REQUIRED: the topic to produce messages to')
            [CompletionResult]::new('--compression-codec', '--compression-codec', [CompletionResultType]::ParameterName, 'Compression codec: none, gzip, snappy, lz4 or zstd (without a value: gzip) [default: none]')
            [CompletionResult]::new('--batch-size', '--batch-size', [CompletionResultType]::ParameterName, 'Bytes per batch (batch.size) [default: 1000000; Java''s 16384 bounds a piped file]')
            [CompletionResult]::new('--max-partition-memory-bytes', '--max-partition-memory-bytes', [CompletionResultType]::ParameterName, 'Deprecated alias of --batch-size')
            [CompletionResult]::new('--message-send-max-retries', '--message-send-max-retries', [CompletionResultType]::ParameterName, 'Retries of a failed send (retries) [default: 3]')
            [CompletionResult]::new('--retry-backoff-ms', '--retry-backoff-ms', [CompletionResultType]::ParameterName, 'Wait before retrying, in ms (retry.backoff.ms) [default: 100]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Linger: how long to wait to fill a batch, in ms (linger.ms) [default: 1000]')
            [CompletionResult]::new('--request-required-acks', '--request-required-acks', [CompletionResultType]::ParameterName, 'Acknowledgements required: -1/all, 0 or 1 (acks) [default: -1]')
            [CompletionResult]::new('--request-timeout-ms', '--request-timeout-ms', [CompletionResultType]::ParameterName, 'Produce request timeout in ms (request.timeout.ms) [default: 1500]')
            [CompletionResult]::new('--metadata-expiry-ms', '--metadata-expiry-ms', [CompletionResultType]::ParameterName, 'Refresh metadata at least this often, in ms (metadata.max.age.ms) [default: 300000]')
            [CompletionResult]::new('--max-block-ms', '--max-block-ms', [CompletionResultType]::ParameterName, 'How long a send may wait for room in the local queue, in ms [default: 60000]')
            [CompletionResult]::new('--max-memory-bytes', '--max-memory-bytes', [CompletionResultType]::ParameterName, 'Memory for records waiting to be sent, in bytes (queue.buffering.max.kbytes) [default: 33554432]')
            [CompletionResult]::new('--socket-buffer-size', '--socket-buffer-size', [CompletionResultType]::ParameterName, 'TCP send buffer size (socket.send.buffer.bytes) [default: the system''s, sized by the kernel; Java''s 102400 fixed makes librdkafka write each request in 200 KB pieces]')
            [CompletionResult]::new('--line-reader', '--line-reader', [CompletionResultType]::ParameterName, 'The line reader class; only Java''s default LineMessageReader is available')
            [CompletionResult]::new('--reader-property', '--reader-property', [CompletionResultType]::ParameterName, 'A line reader property (parse.key, key.separator, parse.headers, null.marker, ...)')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'Deprecated alias of --reader-property')
            [CompletionResult]::new('--reader-config', '--reader-config', [CompletionResultType]::ParameterName, 'Java properties file with line reader properties')
            [CompletionResult]::new('--producer-property', '--producer-property', [CompletionResultType]::ParameterName, 'Deprecated alias of --command-property')
            [CompletionResult]::new('--producer.config', '--producer.config', [CompletionResultType]::ParameterName, 'Deprecated alias of --command-config')
            [CompletionResult]::new('--input-format', '--input-format', [CompletionResultType]::ParameterName, 'Input format: Java''s lines (default) or one JSON record per line')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]')
            [CompletionResult]::new('--command-config', '--command-config', [CompletionResultType]::ParameterName, 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)')
            [CompletionResult]::new('--command-property', '--command-property', [CompletionResultType]::ParameterName, 'A client property KEY=VALUE; repeatable, overrides --command-config')
            [CompletionResult]::new('--sync', '--sync', [CompletionResultType]::ParameterName, 'Send each record synchronously: wait for its acknowledgement before reading the next line')
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
