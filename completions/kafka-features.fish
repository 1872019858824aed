# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_kafka_features_global_optspecs
    string join \n bootstrap-controller= output= bootstrap-server= command-config= command-property= h/help V/version
end

function __fish_kafka_features_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_kafka_features_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_kafka_features_using_subcommand
    set -l cmd (__fish_kafka_features_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c kafka-features -n "__fish_kafka_features_needs_command" -l bootstrap-controller -d 'The KRaft controllers to talk to directly, instead of brokers' -r
complete -c kafka-features -n "__fish_kafka_features_needs_command" -l output -d 'Output format: the Java tool\'s text (default), JSON, or a table' -r -f -a "text\t'Exactly what the Java tool prints'
json\t'One JSON document per call (JSON Lines for streams), stable field names'
table\t'A human-friendly table'"
complete -c kafka-features -n "__fish_kafka_features_needs_command" -l bootstrap-server -d 'REQUIRED: the Kafka server(s) to connect to, host:port[,host:port...]' -r
complete -c kafka-features -n "__fish_kafka_features_needs_command" -l command-config -d 'Java properties file with client settings (security.protocol, sasl.jaas.config, ...)' -r -F
complete -c kafka-features -n "__fish_kafka_features_needs_command" -l command-property -d 'A client property KEY=VALUE; repeatable, overrides --command-config' -r
complete -c kafka-features -n "__fish_kafka_features_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-features -n "__fish_kafka_features_needs_command" -s V -l version -d 'Print version'
complete -c kafka-features -n "__fish_kafka_features_needs_command" -f -a "describe" -d 'Describes the current active feature flags'
complete -c kafka-features -n "__fish_kafka_features_needs_command" -f -a "upgrade" -d 'Upgrade one or more feature flags'
complete -c kafka-features -n "__fish_kafka_features_needs_command" -f -a "downgrade" -d 'Downgrade one or more feature flags'
complete -c kafka-features -n "__fish_kafka_features_needs_command" -f -a "disable" -d 'Disable one or more feature flags (the same as downgrading the version to zero)'
complete -c kafka-features -n "__fish_kafka_features_needs_command" -f -a "version-mapping" -d 'The feature levels of a metadata version (the latest stable one without --release-version)'
complete -c kafka-features -n "__fish_kafka_features_needs_command" -f -a "feature-dependencies" -d 'What feature levels a feature level needs (repeat --feature for several)'
complete -c kafka-features -n "__fish_kafka_features_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kafka-features -n "__fish_kafka_features_using_subcommand describe" -l node-id -d 'The node id to which the requests should be sent (default: any controller/broker)' -r
complete -c kafka-features -n "__fish_kafka_features_using_subcommand describe" -l output -d 'Output format: the Java tool\'s text (default), JSON, or a table' -r -f -a "text\t'Exactly what the Java tool prints'
json\t'One JSON document per call (JSON Lines for streams), stable field names'
table\t'A human-friendly table'"
complete -c kafka-features -n "__fish_kafka_features_using_subcommand describe" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-features -n "__fish_kafka_features_using_subcommand upgrade" -l metadata -d 'DEPRECATED: the metadata version to change to, e.g. 3.3-IV3' -r
complete -c kafka-features -n "__fish_kafka_features_using_subcommand upgrade" -l release-version -d 'The release version to change every feature to, e.g. 3.9-IV0 (see version-mapping)' -r
complete -c kafka-features -n "__fish_kafka_features_using_subcommand upgrade" -l feature -d 'A feature change in feature=level format, e.g. metadata.version=5 (repeatable)' -r
complete -c kafka-features -n "__fish_kafka_features_using_subcommand upgrade" -l output -d 'Output format: the Java tool\'s text (default), JSON, or a table' -r -f -a "text\t'Exactly what the Java tool prints'
json\t'One JSON document per call (JSON Lines for streams), stable field names'
table\t'A human-friendly table'"
complete -c kafka-features -n "__fish_kafka_features_using_subcommand upgrade" -l dry-run -d 'Validate the change, but do not perform it'
complete -c kafka-features -n "__fish_kafka_features_using_subcommand upgrade" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-features -n "__fish_kafka_features_using_subcommand downgrade" -l metadata -d 'DEPRECATED: the metadata version to change to, e.g. 3.3-IV3' -r
complete -c kafka-features -n "__fish_kafka_features_using_subcommand downgrade" -l release-version -d 'The release version to change every feature to, e.g. 3.9-IV0 (see version-mapping)' -r
complete -c kafka-features -n "__fish_kafka_features_using_subcommand downgrade" -l feature -d 'A feature change in feature=level format, e.g. metadata.version=5 (repeatable)' -r
complete -c kafka-features -n "__fish_kafka_features_using_subcommand downgrade" -l output -d 'Output format: the Java tool\'s text (default), JSON, or a table' -r -f -a "text\t'Exactly what the Java tool prints'
json\t'One JSON document per call (JSON Lines for streams), stable field names'
table\t'A human-friendly table'"
complete -c kafka-features -n "__fish_kafka_features_using_subcommand downgrade" -l dry-run -d 'Validate the change, but do not perform it'
complete -c kafka-features -n "__fish_kafka_features_using_subcommand downgrade" -l unsafe -d 'Downgrade even if it may irreversibly destroy metadata'
complete -c kafka-features -n "__fish_kafka_features_using_subcommand downgrade" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-features -n "__fish_kafka_features_using_subcommand disable" -l feature -d 'A feature flag to disable (repeatable)' -r
complete -c kafka-features -n "__fish_kafka_features_using_subcommand disable" -l output -d 'Output format: the Java tool\'s text (default), JSON, or a table' -r -f -a "text\t'Exactly what the Java tool prints'
json\t'One JSON document per call (JSON Lines for streams), stable field names'
table\t'A human-friendly table'"
complete -c kafka-features -n "__fish_kafka_features_using_subcommand disable" -l unsafe -d 'Disable even if it may irreversibly destroy metadata'
complete -c kafka-features -n "__fish_kafka_features_using_subcommand disable" -l dry-run -d 'Perform a dry-run of this disable operation'
complete -c kafka-features -n "__fish_kafka_features_using_subcommand disable" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-features -n "__fish_kafka_features_using_subcommand version-mapping" -l release-version -d 'The release version to map (the minimum is 3.3-IV3; the default is 4.4-IV2)' -r
complete -c kafka-features -n "__fish_kafka_features_using_subcommand version-mapping" -l output -d 'Output format: the Java tool\'s text (default), JSON, or a table' -r -f -a "text\t'Exactly what the Java tool prints'
json\t'One JSON document per call (JSON Lines for streams), stable field names'
table\t'A human-friendly table'"
complete -c kafka-features -n "__fish_kafka_features_using_subcommand version-mapping" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-features -n "__fish_kafka_features_using_subcommand feature-dependencies" -l feature -d 'REQUIRED: the feature and version to look up, in feature=version format, e.g. metadata.version=5 (repeatable)' -r
complete -c kafka-features -n "__fish_kafka_features_using_subcommand feature-dependencies" -l output -d 'Output format: the Java tool\'s text (default), JSON, or a table' -r -f -a "text\t'Exactly what the Java tool prints'
json\t'One JSON document per call (JSON Lines for streams), stable field names'
table\t'A human-friendly table'"
complete -c kafka-features -n "__fish_kafka_features_using_subcommand feature-dependencies" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-features -n "__fish_kafka_features_using_subcommand help; and not __fish_seen_subcommand_from describe upgrade downgrade disable version-mapping feature-dependencies help" -f -a "describe" -d 'Describes the current active feature flags'
complete -c kafka-features -n "__fish_kafka_features_using_subcommand help; and not __fish_seen_subcommand_from describe upgrade downgrade disable version-mapping feature-dependencies help" -f -a "upgrade" -d 'Upgrade one or more feature flags'
complete -c kafka-features -n "__fish_kafka_features_using_subcommand help; and not __fish_seen_subcommand_from describe upgrade downgrade disable version-mapping feature-dependencies help" -f -a "downgrade" -d 'Downgrade one or more feature flags'
complete -c kafka-features -n "__fish_kafka_features_using_subcommand help; and not __fish_seen_subcommand_from describe upgrade downgrade disable version-mapping feature-dependencies help" -f -a "disable" -d 'Disable one or more feature flags (the same as downgrading the version to zero)'
complete -c kafka-features -n "__fish_kafka_features_using_subcommand help; and not __fish_seen_subcommand_from describe upgrade downgrade disable version-mapping feature-dependencies help" -f -a "version-mapping" -d 'The feature levels of a metadata version (the latest stable one without --release-version)'
complete -c kafka-features -n "__fish_kafka_features_using_subcommand help; and not __fish_seen_subcommand_from describe upgrade downgrade disable version-mapping feature-dependencies help" -f -a "feature-dependencies" -d 'What feature levels a feature level needs (repeat --feature for several)'
complete -c kafka-features -n "__fish_kafka_features_using_subcommand help; and not __fish_seen_subcommand_from describe upgrade downgrade disable version-mapping feature-dependencies help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
