complete -c kafka-console-producer -l topic -d 'REQUIRED: the topic to produce messages to' -r
complete -c kafka-console-producer -l compression-codec -d 'Compression codec: none, gzip, snappy, lz4 or zstd (without a value: gzip) [default: none]' -r -f -a "none\t''
gzip\t''
snappy\t''
lz4\t''
zstd\t''"
complete -c kafka-console-producer -l batch-size -d 'Bytes per batch (batch.size) [default: 1000000; Java\'s 16384 bounds a piped file]' -r
complete -c kafka-console-producer -l max-partition-memory-bytes -d 'Deprecated alias of --batch-size' -r
complete -c kafka-console-producer -l message-send-max-retries -d 'Retries of a failed send (retries) [default: 3]' -r
complete -c kafka-console-producer -l retry-backoff-ms -d 'Wait before retrying, in ms (retry.backoff.ms) [default: 100]' -r
complete -c kafka-console-producer -l timeout -d 'Linger: how long to wait to fill a batch, in ms (linger.ms) [default: 1000]' -r
complete -c kafka-console-producer -l request-required-acks -d 'Acknowledgements required: -1/all, 0 or 1 (acks) [default: -1]' -r
complete -c kafka-console-producer -l request-timeout-ms -d 'Produce request timeout in ms (request.timeout.ms) [default: 1500]' -r
complete -c kafka-console-producer -l metadata-expiry-ms -d 'Refresh metadata at least this often, in ms (metadata.max.age.ms) [default: 300000]' -r
complete -c kafka-console-producer -l max-block-ms -d 'How long a send may wait for room in the local queue, in ms [default: 60000]' -r
complete -c kafka-console-producer -l max-memory-bytes -d 'Memory for records waiting to be sent, in bytes (queue.buffering.max.kbytes) [default: 33554432]' -r
complete -c kafka-console-producer -l socket-buffer-size -d 'TCP send buffer size (socket.send.buffer.bytes) [default: the system\'s, sized by the kernel; Java\'s 102400 fixed makes librdkafka write each request in 200 KB pieces]' -r
complete -c kafka-console-producer -l line-reader -d 'The line reader class; only Java\'s default LineMessageReader is available' -r
complete -c kafka-console-producer -l reader-property -d 'A line reader property (parse.key, key.separator, parse.headers, null.marker, ...)' -r
complete -c kafka-console-producer -l property -d 'Deprecated alias of --reader-property' -r
complete -c kafka-console-producer -l reader-config -d 'Java properties file with line reader properties' -r -F
complete -c kafka-console-producer -l producer-property -d 'Deprecated alias of --command-property' -r
complete -c kafka-console-producer -l producer.config -d 'Deprecated alias of --command-config' -r -F
complete -c kafka-console-producer -l input-format -d 'Input format: Java\'s lines (default) or one JSON record per line' -r -f -a "text\t'Java\'s line format (with --reader-property parse.key, parse.headers, ...)'
json\t'One JSON object per line: key, value, headers, partition, timestamp (the consumer\'s --output json)'"
complete -c kafka-console-producer -l bootstrap-server -d 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]' -r
complete -c kafka-console-producer -l command-config -d 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)' -r -F
complete -c kafka-console-producer -l command-property -d 'A client property KEY=VALUE; repeatable, overrides --command-config' -r
complete -c kafka-console-producer -l sync -d 'Send each record synchronously: wait for its acknowledgement before reading the next line'
complete -c kafka-console-producer -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-console-producer -s V -l version -d 'Print version'
