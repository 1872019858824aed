complete -c kafka-metadata-shell -s s -l snapshot -d 'The snapshot file to read' -r -F
complete -c kafka-metadata-shell -l output -d 'Output format: the Java tool\'s text (default), JSON, or a table' -r -f -a "text\t'Exactly what the Java tool prints'
json\t'One JSON document per call (JSON Lines for streams), stable field names'
table\t'A human-friendly table'"
complete -c kafka-metadata-shell -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-metadata-shell -s V -l version -d 'Print version'
