# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_kafka_storage_global_optspecs
    string join \n output= h/help V/version
end

function __fish_kafka_storage_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_kafka_storage_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_kafka_storage_using_subcommand
    set -l cmd (__fish_kafka_storage_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c kafka-storage -n "__fish_kafka_storage_needs_command" -l output -d 'Output format: the Java tool\'s text (default), JSON, or a table' -r -f -a "text\t'Exactly what the Java tool prints'
json\t'One JSON document per call (JSON Lines for streams), stable field names'
table\t'A human-friendly table'"
complete -c kafka-storage -n "__fish_kafka_storage_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-storage -n "__fish_kafka_storage_needs_command" -s V -l version -d 'Print version'
complete -c kafka-storage -n "__fish_kafka_storage_needs_command" -f -a "info" -d 'Get information about the Kafka log directories on this node'
complete -c kafka-storage -n "__fish_kafka_storage_needs_command" -f -a "format" -d 'Format the Kafka log directories on this node'
complete -c kafka-storage -n "__fish_kafka_storage_needs_command" -f -a "version-mapping" -d 'Look up the corresponding features for a given metadata version. Using the command with no --release-version argument will return the mapping for the latest stable metadata version'
complete -c kafka-storage -n "__fish_kafka_storage_needs_command" -f -a "feature-dependencies" -d 'Look up dependencies for a given feature version. If the feature is not known or the version not yet defined, an error is thrown. Multiple features can be specified'
complete -c kafka-storage -n "__fish_kafka_storage_needs_command" -f -a "random-uuid" -d 'Print a random UUID'
complete -c kafka-storage -n "__fish_kafka_storage_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kafka-storage -n "__fish_kafka_storage_using_subcommand info" -s c -l config -d 'The Kafka configuration file to use' -r
complete -c kafka-storage -n "__fish_kafka_storage_using_subcommand info" -l output -d 'Output format: the Java tool\'s text (default), JSON, or a table' -r -f -a "text\t'Exactly what the Java tool prints'
json\t'One JSON document per call (JSON Lines for streams), stable field names'
table\t'A human-friendly table'"
complete -c kafka-storage -n "__fish_kafka_storage_using_subcommand info" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-storage -n "__fish_kafka_storage_using_subcommand format" -s c -l config -d 'The Kafka configuration file to use' -r
complete -c kafka-storage -n "__fish_kafka_storage_using_subcommand format" -s t -l cluster-id -d 'The cluster ID to use' -r
complete -c kafka-storage -n "__fish_kafka_storage_using_subcommand format" -s S -l add-scram -d 'A SCRAM_CREDENTIAL to add to the __cluster_metadata log e.g. \'SCRAM-SHA-256=[name=alice,password=alice-secret]\' \'SCRAM-SHA-512=[name=alice,iterations=8192,salt="N3E=",saltedpassword="YCE="]\' (repeatable)' -r
complete -c kafka-storage -n "__fish_kafka_storage_using_subcommand format" -s r -l release-version -d 'The release version to use for the initial feature settings. The minimum is 3.3-IV3; the default is 4.4-IV2. Note: formatted directories are not forward-compatible — the broker version must be greater than or equal to the kafka-storage tool that formatted the directory, regardless of this setting' -r
complete -c kafka-storage -n "__fish_kafka_storage_using_subcommand format" -s f -l feature -d 'The setting to use for a specific feature, in feature=level format. For example: `kraft.version=1`. (repeatable)' -r
complete -c kafka-storage -n "__fish_kafka_storage_using_subcommand format" -s I -l initial-controllers -d 'Used to initialize a server with the specified dynamic quorum. The argument is a comma-separated list of id@hostname:port:directory. The same values must be used to format all nodes. For example: 0@example.com:8082:JEXY6aqzQY-32P5TStzaFg,1@example.com:8083:MvDxzVmcRsaTz33bUuRU6A,2@example.com:8084:07R5amHmR32VDA6jHkGbTA . When setting this flag, the controller.quorum.voters config must not be set, and controller.quorum.bootstrap.servers is set instead' -r
complete -c kafka-storage -n "__fish_kafka_storage_using_subcommand format" -l output -d 'Output format: the Java tool\'s text (default), JSON, or a table' -r -f -a "text\t'Exactly what the Java tool prints'
json\t'One JSON document per call (JSON Lines for streams), stable field names'
table\t'A human-friendly table'"
complete -c kafka-storage -n "__fish_kafka_storage_using_subcommand format" -s g -l ignore-formatted -d 'When this option is passed, the format command will skip over already formatted directories rather than failing'
complete -c kafka-storage -n "__fish_kafka_storage_using_subcommand format" -s s -l standalone -d 'Used to initialize a controller as a single-node dynamic quorum. When setting this flag, the controller.quorum.voters config must not be set, and controller.quorum.bootstrap.servers is set instead'
complete -c kafka-storage -n "__fish_kafka_storage_using_subcommand format" -s N -l no-initial-controllers -d 'Used to initialize a server without specifying a dynamic quorum. When setting this flag, the controller.quorum.voters config should not be set, and controller.quorum.bootstrap.servers is set instead'
complete -c kafka-storage -n "__fish_kafka_storage_using_subcommand format" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-storage -n "__fish_kafka_storage_using_subcommand version-mapping" -s r -l release-version -d 'The release version to use for the corresponding feature mapping. The minimum is 3.3-IV3; the default is 4.4-IV2' -r
complete -c kafka-storage -n "__fish_kafka_storage_using_subcommand version-mapping" -l output -d 'Output format: the Java tool\'s text (default), JSON, or a table' -r -f -a "text\t'Exactly what the Java tool prints'
json\t'One JSON document per call (JSON Lines for streams), stable field names'
table\t'A human-friendly table'"
complete -c kafka-storage -n "__fish_kafka_storage_using_subcommand version-mapping" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-storage -n "__fish_kafka_storage_using_subcommand feature-dependencies" -s f -l feature -d 'The features and their versions to look up dependencies for, in feature=version format. For example: `metadata.version=5`. (repeatable)' -r
complete -c kafka-storage -n "__fish_kafka_storage_using_subcommand feature-dependencies" -l output -d 'Output format: the Java tool\'s text (default), JSON, or a table' -r -f -a "text\t'Exactly what the Java tool prints'
json\t'One JSON document per call (JSON Lines for streams), stable field names'
table\t'A human-friendly table'"
complete -c kafka-storage -n "__fish_kafka_storage_using_subcommand feature-dependencies" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-storage -n "__fish_kafka_storage_using_subcommand random-uuid" -l output -d 'Output format: the Java tool\'s text (default), JSON, or a table' -r -f -a "text\t'Exactly what the Java tool prints'
json\t'One JSON document per call (JSON Lines for streams), stable field names'
table\t'A human-friendly table'"
complete -c kafka-storage -n "__fish_kafka_storage_using_subcommand random-uuid" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kafka-storage -n "__fish_kafka_storage_using_subcommand help; and not __fish_seen_subcommand_from info format version-mapping feature-dependencies random-uuid help" -f -a "info" -d 'Get information about the Kafka log directories on this node'
complete -c kafka-storage -n "__fish_kafka_storage_using_subcommand help; and not __fish_seen_subcommand_from info format version-mapping feature-dependencies random-uuid help" -f -a "format" -d 'Format the Kafka log directories on this node'
complete -c kafka-storage -n "__fish_kafka_storage_using_subcommand help; and not __fish_seen_subcommand_from info format version-mapping feature-dependencies random-uuid help" -f -a "version-mapping" -d 'Look up the corresponding features for a given metadata version. Using the command with no --release-version argument will return the mapping for the latest stable metadata version'
complete -c kafka-storage -n "__fish_kafka_storage_using_subcommand help; and not __fish_seen_subcommand_from info format version-mapping feature-dependencies random-uuid help" -f -a "feature-dependencies" -d 'Look up dependencies for a given feature version. If the feature is not known or the version not yet defined, an error is thrown. Multiple features can be specified'
complete -c kafka-storage -n "__fish_kafka_storage_using_subcommand help; and not __fish_seen_subcommand_from info format version-mapping feature-dependencies random-uuid help" -f -a "random-uuid" -d 'Print a random UUID'
complete -c kafka-storage -n "__fish_kafka_storage_using_subcommand help; and not __fish_seen_subcommand_from info format version-mapping feature-dependencies random-uuid help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
