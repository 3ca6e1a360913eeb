/// Runs a command-line tool: parses argv, prints help, versions and usage errors, and calls the selected handler.
public struct CommandLineTool: Sendable {
    /// The code of one command: gets the parsed values, returns the exit code.
    public typealias Handler = @Sendable (ParsedArguments) async throws -> Int32

    /// The root declaration, with every subcommand.
    public let root: CommandSpec
    /// Handlers by command path below the root, joined by spaces (`"app"`, `"db promote"`; `""` for the root).
    public let handlers: [String: Handler]

    /// Creates a tool from a declaration tree and its handlers.
    public init(root: CommandSpec, handlers: [String: Handler]) {
        self.root = root
        self.handlers = handlers
    }

    /// Creates a tool from command types; each type's `spec` and `subcommands` build the tree. Every command that
    /// declares `--json` also gets `--output`, `--quiet` and `--verbose` (`CommandSpec.addingOutputControls()`).
    public init(name: String, abstract: String, discussion: String = "", version: String?, commands: [any Command.Type]) {
        var handlers: [String: Handler] = [:]
        let subcommands = commands.map { Self.register($0, under: [], into: &handlers) }
        self.root = CommandSpec(name: name, abstract: abstract, discussion: discussion, subcommands: subcommands, version: version)
            .addingOutputControls()
        self.handlers = handlers
    }

    private static func register(_ type: any Command.Type, under parent: [String], into handlers: inout [String: Handler]) -> CommandSpec {
        var spec = type.spec
        let path = parent + [spec.name]
        spec.subcommands = type.subcommands.map { register($0, under: path, into: &handlers) }
        handlers[path.joined(separator: " ")] = { try await type.run($0) }
        return spec
    }

    /// Parses `arguments` (without the program name), runs the selected command and returns the exit code:
    /// the handler's code, 0 for help and version, 64 for usage errors, 1 for any other error.
    public func run(_ arguments: [String], output: CommandLineOutput = .process) async -> Int32 {
        let parsed: ParsedArguments
        do {
            switch try CommandLineParser(root: root).parse(arguments) {
            case .help(let text):
                output.standardOutput(text)
                return 0
            case .version(let text):
                output.standardOutput(text + "\n")
                return 0
            case .run(let result):
                parsed = result
            }
        } catch {
            return report(error, output: output, exitCode: usageExitCode(for: arguments))
        }
        guard let handler = handlers[parsed.subcommandPath.joined(separator: " ")] else {
            if parsed.commandChain.count == 1 {
                output.standardOutput(HelpFormatter.help(for: parsed.commandChain))
                return 0
            }
            return report(.missingSubcommand(command: parsed.commandName, available: parsed.spec.subcommands.map(\.name)), output: output)
        }
        do {
            let mode = try OutputMode(parsed)
            return try await OutputMode.$current.withValue(mode) { try await handler(parsed) }
        } catch let error as CommandLineError {
            return report(error, output: output, exitCode: parsed.spec.usageExitCode)
        } catch let error as any ExitCodeError {
            output.standardError("error: \(parsed.commandName): \(error)\n")
            return error.exitCode
        } catch {
            output.standardError("error: \(parsed.commandName): \(error)\n")
            return 1
        }
    }

    /// Prints a usage error with the hint to the command's help and returns 64 (or the command's `usageExitCode`).
    private func report(_ error: CommandLineError, output: CommandLineOutput, exitCode: Int32? = nil) -> Int32 {
        output.standardError("error: \(error)\nRun '\(error.command) --help' for usage.\n")
        return exitCode ?? error.exitCode
    }

    /// The usage exit code of the command `arguments` select (its leading words naming subcommands).
    private func usageExitCode(for arguments: [String]) -> Int32? {
        var spec = root
        for word in arguments {
            guard let next = spec.subcommands.first(where: { $0.name == word }) else { break }
            spec = next
        }
        return spec.usageExitCode
    }
}
