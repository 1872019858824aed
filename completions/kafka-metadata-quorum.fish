# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_kafka_metadata_quorum_global_optspecs
    string join \n bootstrap-controller= output= bootstrap-server= command-config= command-property= h/help V/version
end

function __fish_kafka_metadata_quorum_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_kafka_metadata_quorum_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_kafka_metadata_quorum_using_subcommand
    set -l cmd (__fish_kafka_metadata_quorum_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_needs_command" -l bootstrap-controller -d 'The KRaft controllers to talk to directly, instead of brokers' -r
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_needs_command" -l output -d 'Output format: the Java tool\'s text (default), JSON, or a table' -r -f -a "text\t'Exactly what the Java tool prints'
json\t'One JSON document per call (JSON Lines for streams), stable field names'
table\t'A human-friendly table'"
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_needs_command" -l bootstrap-server -d 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]' -r
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_needs_command" -l command-config -d 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)' -r -F
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_needs_command" -l command-property -d 'A client property KEY=VALUE; repeatable, overrides --command-config' -r
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_needs_command" -s V -l version -d 'Print version'
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_needs_command" -f -a "describe" -d 'Describe the metadata quorum info'
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_needs_command" -f -a "add-controller" -d 'Add a controller to the KRaft controller cluster (--command-config names the new controller\'s properties file)'
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_needs_command" -f -a "remove-controller" -d 'Remove a controller from the KRaft controller cluster'
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_using_subcommand describe" -l output -d 'Output format: the Java tool\'s text (default), JSON, or a table' -r -f -a "text\t'Exactly what the Java tool prints'
json\t'One JSON document per call (JSON Lines for streams), stable field names'
table\t'A human-friendly table'"
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_using_subcommand describe" -l status -d 'A short summary of the quorum status'
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_using_subcommand describe" -l replication -d 'Detailed information about the status of replication'
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_using_subcommand describe" -l human-readable -d 'With --replication: the timestamps as "N ms ago"'
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_using_subcommand describe" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_using_subcommand add-controller" -l output -d 'Output format: the Java tool\'s text (default), JSON, or a table' -r -f -a "text\t'Exactly what the Java tool prints'
json\t'One JSON document per call (JSON Lines for streams), stable field names'
table\t'A human-friendly table'"
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_using_subcommand add-controller" -l dry-run -d 'Print what would be done, but do not do it'
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_using_subcommand add-controller" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_using_subcommand remove-controller" -s i -l controller-id -d 'REQUIRED: the id of the controller to remove' -r
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_using_subcommand remove-controller" -s d -l controller-directory-id -d 'REQUIRED: the directory id of the controller to remove' -r
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_using_subcommand remove-controller" -l output -d 'Output format: the Java tool\'s text (default), JSON, or a table' -r -f -a "text\t'Exactly what the Java tool prints'
json\t'One JSON document per call (JSON Lines for streams), stable field names'
table\t'A human-friendly table'"
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_using_subcommand remove-controller" -l dry-run -d 'Print what would be done, but do not do it'
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_using_subcommand remove-controller" -l unregister -d 'Also unregister the controller after removing it from the voter set'
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_using_subcommand remove-controller" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_using_subcommand help; and not __fish_seen_subcommand_from describe add-controller remove-controller help" -f -a "describe" -d 'Describe the metadata quorum info'
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_using_subcommand help; and not __fish_seen_subcommand_from describe add-controller remove-controller help" -f -a "add-controller" -d 'Add a controller to the KRaft controller cluster (--command-config names the new controller\'s properties file)'
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_using_subcommand help; and not __fish_seen_subcommand_from describe add-controller remove-controller help" -f -a "remove-controller" -d 'Remove a controller from the KRaft controller cluster'
complete -c kafka-metadata-quorum -n "__fish_kafka_metadata_quorum_using_subcommand help; and not __fish_seen_subcommand_from describe add-controller remove-controller help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
