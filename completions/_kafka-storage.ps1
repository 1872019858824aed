
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kafka-storage' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kafka-storage'
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
        'kafka-storage' {
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the Java tool''s text (default), JSON, or a table')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('info', 'info', [CompletionResultType]::ParameterValue, 'Get information about the Kafka log directories on this node')
            [CompletionResult]::new('format', 'format', [CompletionResultType]::ParameterValue, 'Format the Kafka log directories on this node')
            [CompletionResult]::new('version-mapping', 'version-mapping', [CompletionResultType]::ParameterValue, 'Look up the corresponding features for a given metadata version. Using the command with no --release-version argument will return the mapping for the latest stable metadata version')
            [CompletionResult]::new('feature-dependencies', 'feature-dependencies', [CompletionResultType]::ParameterValue, 'Look up dependencies for a given feature version. If the feature is not known or the version not yet defined, an error is thrown. Multiple features can be specified')
            [CompletionResult]::new('random-uuid', 'random-uuid', [CompletionResultType]::ParameterValue, 'Print a random UUID')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kafka-storage;info' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'The Kafka configuration file to use')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The Kafka configuration file to use')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the Java tool''s text (default), JSON, or a table')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kafka-storage;format' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'The Kafka configuration file to use')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The Kafka configuration file to use')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'The cluster ID to use')
            [CompletionResult]::new('--cluster-id', '--cluster-id', [CompletionResultType]::ParameterName, 'The cluster ID to use')
            [CompletionResult]::new('-S', '-S ', [CompletionResultType]::ParameterName, 'A SCRAM_CREDENTIAL to add to the __cluster_metadata log e.g. ''SCRAM-SHA-256=[name=alice,password=alice-secret]'' ''SCRAM-SHA-512=[name=alice,iterations=8192,salt="N3E=",saltedpassword="YCE="]'' (repeatable)')
            [CompletionResult]::new('--add-scram', '--add-scram', [CompletionResultType]::ParameterName, 'A SCRAM_CREDENTIAL to add to the __cluster_metadata log e.g. ''SCRAM-SHA-256=[name=alice,password=alice-secret]'' ''SCRAM-SHA-512=[name=alice,iterations=8192,salt="N3E=",saltedpassword="YCE="]'' (repeatable)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'The release version to use for the initial feature settings. The minimum is 3.3-IV3; the default is 4.4-IV2. Note: formatted directories are not forward-compatible — the broker version must be greater than or equal to the kafka-storage tool that formatted the directory, regardless of this setting')
            [CompletionResult]::new('--release-version', '--release-version', [CompletionResultType]::ParameterName, 'The release version to use for the initial feature settings. The minimum is 3.3-IV3; the default is 4.4-IV2. Note: formatted directories are not forward-compatible — the broker version must be greater than or equal to the kafka-storage tool that formatted the directory, regardless of this setting')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'The setting to use for a specific feature, in feature=level format. For example: `kraft.version=1`. (repeatable)')
            [CompletionResult]::new('--feature', '--feature', [CompletionResultType]::ParameterName, 'The setting to use for a specific feature, in feature=level format. For example: `kraft.version=1`. (repeatable)')
            [CompletionResult]::new('-I', '-I ', [CompletionResultType]::ParameterName, 'Used to initialize a server with the specified dynamic quorum. The argument is a comma-separated list of id@hostname:port:directory. The same values must be used to format all nodes. For example: 0@example.com:8082:JEXY6aqzQY-32P5TStzaFg,1@example.com:8083:MvDxzVmcRsaTz33bUuRU6A,2@example.com:8084:07R5amHmR32VDA6jHkGbTA . When setting this flag, the controller.quorum.voters config must not be set, and controller.quorum.bootstrap.servers is set instead')
            [CompletionResult]::new('--initial-controllers', '--initial-controllers', [CompletionResultType]::ParameterName, 'Used to initialize a server with the specified dynamic quorum. The argument is a comma-separated list of id@hostname:port:directory. The same values must be used to format all nodes. For example: 0@example.com:8082:JEXY6aqzQY-32P5TStzaFg,1@example.com:8083:MvDxzVmcRsaTz33bUuRU6A,2@example.com:8084:07R5amHmR32VDA6jHkGbTA . When setting this flag, the controller.quorum.voters config must not be set, and controller.quorum.bootstrap.servers is set instead')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the Java tool''s text (default), JSON, or a table')
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'When this option is passed, the format command will skip over already formatted directories rather than failing')
            [CompletionResult]::new('--ignore-formatted', '--ignore-formatted', [CompletionResultType]::ParameterName, 'When this option is passed, the format command will skip over already formatted directories rather than failing')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Used to initialize a controller as a single-node dynamic quorum. When setting this flag, the controller.quorum.voters config must not be set, and controller.quorum.bootstrap.servers is set instead')
            [CompletionResult]::new('--standalone', '--standalone', [CompletionResultType]::ParameterName, 'Used to initialize a controller as a single-node dynamic quorum. When setting this flag, the controller.quorum.voters config must not be set, and controller.quorum.bootstrap.servers is set instead')
            [CompletionResult]::new('-N', '-N ', [CompletionResultType]::ParameterName, 'Used to initialize a server without specifying a dynamic quorum. When setting this flag, the controller.quorum.voters config should not be set, and controller.quorum.bootstrap.servers is set instead')
            [CompletionResult]::new('--no-initial-controllers', '--no-initial-controllers', [CompletionResultType]::ParameterName, 'Used to initialize a server without specifying a dynamic quorum. When setting this flag, the controller.quorum.voters config should not be set, and controller.quorum.bootstrap.servers is set instead')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kafka-storage;version-mapping' {
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'The release version to use for the corresponding feature mapping. The minimum is 3.3-IV3; the default is 4.4-IV2')
            [CompletionResult]::new('--release-version', '--release-version', [CompletionResultType]::ParameterName, 'The release version to use for the corresponding feature mapping. The minimum is 3.3-IV3; the default is 4.4-IV2')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the Java tool''s text (default), JSON, or a table')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kafka-storage;feature-dependencies' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'The features and their versions to look up dependencies for, in feature=version format. For example: `metadata.version=5`. (repeatable)')
            [CompletionResult]::new('--feature', '--feature', [CompletionResultType]::ParameterName, 'The features and their versions to look up dependencies for, in feature=version format. For example: `metadata.version=5`. (repeatable)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the Java tool''s text (default), JSON, or a table')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kafka-storage;random-uuid' {
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: the Java tool''s text (default), JSON, or a table')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kafka-storage;help' {
            [CompletionResult]::new('info', 'info', [CompletionResultType]::ParameterValue, 'Get information about the Kafka log directories on this node')
            [CompletionResult]::new('format', 'format', [CompletionResultType]::ParameterValue, 'Format the Kafka log directories on this node')
            [CompletionResult]::new('version-mapping', 'version-mapping', [CompletionResultType]::ParameterValue, 'Look up the corresponding features for a given metadata version. Using the command with no --release-version argument will return the mapping for the latest stable metadata version')
            [CompletionResult]::new('feature-dependencies', 'feature-dependencies', [CompletionResultType]::ParameterValue, 'Look up dependencies for a given feature version. If the feature is not known or the version not yet defined, an error is thrown. Multiple features can be specified')
            [CompletionResult]::new('random-uuid', 'random-uuid', [CompletionResultType]::ParameterValue, 'Print a random UUID')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kafka-storage;help;info' {
            break
        }
        'kafka-storage;help;format' {
            break
        }
        'kafka-storage;help;version-mapping' {
            break
        }
        'kafka-storage;help;feature-dependencies' {
            break
        }
        'kafka-storage;help;random-uuid' {
            break
        }
        'kafka-storage;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
