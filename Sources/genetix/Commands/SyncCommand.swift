import GenetixCommandLine
import GenetixOperations

/// `genetix sync NODE on|off`.
enum SyncCommand: Command {
    static let spec = CommandSpec(
        name: "sync",
        abstract: "Synchronous replication on or off on the database primary (on: one replica confirms each commit).",
        arguments: [PositionalSpec("node", help: "The database primary, e.g. db-1."),
                    OperationsCommandSupport.onOffArgument],
        options: OperationsCommandSupport.configOptions,
        flags: [OperationsCommandSupport.yesFlag, OperationsCommandSupport.jsonFlag])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        try await OperationsCommandSupport.runAction(.sync(node: try arguments.argument("node"), enabled: try OperationsCommandSupport.onOff(arguments)), arguments)
    }
}
