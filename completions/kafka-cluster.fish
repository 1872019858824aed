# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_kafka_cluster_global_optspecs
    string join \n h/help V/version
end

function __fish_kafka_cluster_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_kafka_cluster_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_kafka_cluster_using_subcommand
    set -l cmd (__fish_kafka_cluster_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c kafka-cluster -n "__fish_kafka_cluster_needs_command" -s h -l help -d 'Print help'
complete -c kafka-cluster -n "__fish_kafka_cluster_needs_command" -s V -l version -d 'Print version'
complete -c kafka-cluster -n "__fish_kafka_cluster_needs_command" -f -a "cluster-id" -d 'Get information about the ID of a cluster'
complete -c kafka-cluster -n "__fish_kafka_cluster_needs_command" -f -a "unregister" -d 'Unregister a broker'
complete -c kafka-cluster -n "__fish_kafka_cluster_needs_command" -f -a "unregister-controller" -d 'Unregister a controller'
complete -c kafka-cluster -n "__fish_kafka_cluster_needs_command" -f -a "list-endpoints" -d 'List endpoints'
complete -c kafka-cluster -n "__fish_kafka_cluster_needs_command" -f -a "api-versions" -d 'Get information about the api versions of the brokers or controllers'
complete -c kafka-cluster -n "__fish_kafka_cluster_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kafka-cluster -n "__fish_kafka_cluster_using_subcommand cluster-id" -l config -d '(DEPRECATED) A property file containing configurations for the Admin client; use --command-config' -r -F
complete -c kafka-cluster -n "__fish_kafka_cluster_using_subcommand cluster-id" -l output -d 'Output format: the Java tool\'s text (default), JSON, or a table' -r -f -a "text\t'Exactly what the Java tool prints'
json\t'One JSON document per call (JSON Lines for streams), stable field names'
table\t'A human-friendly table'"
complete -c kafka-cluster -n "__fish_kafka_cluster_using_subcommand cluster-id" -l command-property -d 'A client property KEY=VALUE; repeatable, overrides --command-config' -r
complete -c kafka-cluster -n "__fish_kafka_cluster_using_subcommand cluster-id" -s b -l bootstrap-server -d 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]' -r
complete -c kafka-cluster -n "__fish_kafka_cluster_using_subcommand cluster-id" -s C -l bootstrap-controller -d 'The KRaft controllers to talk to directly, instead of brokers' -r
complete -c kafka-cluster -n "__fish_kafka_cluster_using_subcommand cluster-id" -s c -l command-config -d 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)' -r -F
complete -c kafka-cluster -n "__fish_kafka_cluster_using_subcommand cluster-id" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-cluster -n "__fish_kafka_cluster_using_subcommand unregister" -s i -l id -d 'The ID of the broker to unregister' -r
complete -c kafka-cluster -n "__fish_kafka_cluster_using_subcommand unregister" -l config -d '(DEPRECATED) A property file containing configurations for the Admin client; use --command-config' -r -F
complete -c kafka-cluster -n "__fish_kafka_cluster_using_subcommand unregister" -l output -d 'Output format: the Java tool\'s text (default), JSON, or a table' -r -f -a "text\t'Exactly what the Java tool prints'
json\t'One JSON document per call (JSON Lines for streams), stable field names'
table\t'A human-friendly table'"
complete -c kafka-cluster -n "__fish_kafka_cluster_using_subcommand unregister" -l command-property -d 'A client property KEY=VALUE; repeatable, overrides --command-config' -r
complete -c kafka-cluster -n "__fish_kafka_cluster_using_subcommand unregister" -s b -l bootstrap-server -d 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]' -r
complete -c kafka-cluster -n "__fish_kafka_cluster_using_subcommand unregister" -s C -l bootstrap-controller -d 'The KRaft controllers to talk to directly, instead of brokers' -r
complete -c kafka-cluster -n "__fish_kafka_cluster_using_subcommand unregister" -s c -l command-config -d 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)' -r -F
complete -c kafka-cluster -n "__fish_kafka_cluster_using_subcommand unregister" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-cluster -n "__fish_kafka_cluster_using_subcommand unregister-controller" -l config -d '(DEPRECATED) A property file containing configurations for the Admin client; use --command-config' -r -F
complete -c kafka-cluster -n "__fish_kafka_cluster_using_subcommand unregister-controller" -l output -d 'Output format: the Java tool\'s text (default), JSON, or a table' -r -f -a "text\t'Exactly what the Java tool prints'
json\t'One JSON document per call (JSON Lines for streams), stable field names'
table\t'A human-friendly table'"
complete -c kafka-cluster -n "__fish_kafka_cluster_using_subcommand unregister-controller" -l command-property -d 'A client property KEY=VALUE; repeatable, overrides --command-config' -r
complete -c kafka-cluster -n "__fish_kafka_cluster_using_subcommand unregister-controller" -s b -l bootstrap-server -d 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]' -r
complete -c kafka-cluster -n "__fish_kafka_cluster_using_subcommand unregister-controller" -s C -l bootstrap-controller -d 'The KRaft controllers to talk to directly, instead of brokers' -r
complete -c kafka-cluster -n "__fish_kafka_cluster_using_subcommand unregister-controller" -s c -l command-config -d 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)' -r -F
complete -c kafka-cluster -n "__fish_kafka_cluster_using_subcommand unregister-controller" -s i -l id -d 'The ID of the controller to unregister.' -r
complete -c kafka-cluster -n "__fish_kafka_cluster_using_subcommand unregister-controller" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-cluster -n "__fish_kafka_cluster_using_subcommand list-endpoints" -l config -d '(DEPRECATED) A property file containing configurations for the Admin client; use --command-config' -r -F
complete -c kafka-cluster -n "__fish_kafka_cluster_using_subcommand list-endpoints" -l output -d 'Output format: the Java tool\'s text (default), JSON, or a table' -r -f -a "text\t'Exactly what the Java tool prints'
json\t'One JSON document per call (JSON Lines for streams), stable field names'
table\t'A human-friendly table'"
complete -c kafka-cluster -n "__fish_kafka_cluster_using_subcommand list-endpoints" -l command-property -d 'A client property KEY=VALUE; repeatable, overrides --command-config' -r
complete -c kafka-cluster -n "__fish_kafka_cluster_using_subcommand list-endpoints" -s b -l bootstrap-server -d 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]' -r
complete -c kafka-cluster -n "__fish_kafka_cluster_using_subcommand list-endpoints" -s C -l bootstrap-controller -d 'The KRaft controllers to talk to directly, instead of brokers' -r
complete -c kafka-cluster -n "__fish_kafka_cluster_using_subcommand list-endpoints" -s c -l command-config -d 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)' -r -F
complete -c kafka-cluster -n "__fish_kafka_cluster_using_subcommand list-endpoints" -l include-fenced-brokers -d 'Whether to include fenced brokers when listing broker endpoints'
complete -c kafka-cluster -n "__fish_kafka_cluster_using_subcommand list-endpoints" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-cluster -n "__fish_kafka_cluster_using_subcommand api-versions" -l config -d '(DEPRECATED) A property file containing configurations for the Admin client; use --command-config' -r -F
complete -c kafka-cluster -n "__fish_kafka_cluster_using_subcommand api-versions" -l output -d 'Output format: the Java tool\'s text (default), JSON, or a table' -r -f -a "text\t'Exactly what the Java tool prints'
json\t'One JSON document per call (JSON Lines for streams), stable field names'
table\t'A human-friendly table'"
complete -c kafka-cluster -n "__fish_kafka_cluster_using_subcommand api-versions" -l command-property -d 'A client property KEY=VALUE; repeatable, overrides --command-config' -r
complete -c kafka-cluster -n "__fish_kafka_cluster_using_subcommand api-versions" -s b -l bootstrap-server -d 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]' -r
complete -c kafka-cluster -n "__fish_kafka_cluster_using_subcommand api-versions" -s C -l bootstrap-controller -d 'The KRaft controllers to talk to directly, instead of brokers' -r
complete -c kafka-cluster -n "__fish_kafka_cluster_using_subcommand api-versions" -s c -l command-config -d 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)' -r -F
complete -c kafka-cluster -n "__fish_kafka_cluster_using_subcommand api-versions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-cluster -n "__fish_kafka_cluster_using_subcommand help; and not __fish_seen_subcommand_from cluster-id unregister unregister-controller list-endpoints api-versions help" -f -a "cluster-id" -d 'Get information about the ID of a cluster'
complete -c kafka-cluster -n "__fish_kafka_cluster_using_subcommand help; and not __fish_seen_subcommand_from cluster-id unregister unregister-controller list-endpoints api-versions help" -f -a "unregister" -d 'Unregister a broker'
complete -c kafka-cluster -n "__fish_kafka_cluster_using_subcommand help; and not __fish_seen_subcommand_from cluster-id unregister unregister-controller list-endpoints api-versions help" -f -a "unregister-controller" -d 'Unregister a controller'
complete -c kafka-cluster -n "__fish_kafka_cluster_using_subcommand help; and not __fish_seen_subcommand_from cluster-id unregister unregister-controller list-endpoints api-versions help" -f -a "list-endpoints" -d 'List endpoints'
complete -c kafka-cluster -n "__fish_kafka_cluster_using_subcommand help; and not __fish_seen_subcommand_from cluster-id unregister unregister-controller list-endpoints api-versions help" -f -a "api-versions" -d 'Get information about the api versions of the brokers or controllers'
complete -c kafka-cluster -n "__fish_kafka_cluster_using_subcommand help; and not __fish_seen_subcommand_from cluster-id unregister unregister-controller list-endpoints api-versions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
