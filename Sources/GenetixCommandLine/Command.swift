/// A command of the tool: its declaration, its subcommands and the code it runs.
///
/// One type per command, usually one file per type; the tool's registry lists the types:
/// ```swift
/// enum ScaleCommand: Command {
///     static let spec = CommandSpec(name: "scale", abstract: "Set the number of workers of an app node.",
///                                   arguments: [PositionalSpec("node"), PositionalSpec("count", help: "3, +1 or -1")])
///     static func run(_ arguments: ParsedArguments) async throws -> Int32 { … return 0 }
/// }
/// ```
public protocol Command: Sendable {
    /// The command's declaration; its `subcommands` field is filled from `subcommands` by `CommandLineTool`.
    static var spec: CommandSpec { get }
    /// Nested commands (`genetix db promote`); empty by default.
    static var subcommands: [any Command.Type] { get }
    /// Runs the command and returns the process exit code. A thrown `CommandLineError` exits 64 with a usage hint.
    static func run(_ arguments: ParsedArguments) async throws -> Int32
}

extension Command {
    /// No subcommands.
    public static var subcommands: [any Command.Type] { [] }

    /// A command group run without a subcommand: a usage error listing the subcommands.
    public static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        throw CommandLineError.missingSubcommand(command: arguments.commandName, available: arguments.spec.subcommands.map(\.name))
    }
}
