import GenetixCommandLine
import Synchronization
import Testing

/// Captures what a tool writes, in place of the process's stdout and stderr.
final class CapturedOutput: Sendable {
    private let buffers = Mutex<(out: String, err: String)>(("", ""))

    var output: CommandLineOutput {
        CommandLineOutput(
            standardOutput: { text in self.buffers.withLock { $0.out += text } },
            standardError: { text in self.buffers.withLock { $0.err += text } })
    }

    var standardOutput: String { buffers.withLock { $0.out } }
    var standardError: String { buffers.withLock { $0.err } }
}

/// `scale`: echoes what it parsed, and exits with the count so the test sees the handler's code.
enum ScaleSample: Command {
    static let spec = SampleTool.scale
    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        Int32(try arguments.argument("count")) ?? 99
    }
}

/// `wait`: reads a duration, so a malformed value surfaces from inside the handler.
enum WaitSample: Command {
    static let spec = CommandSpec(name: "wait", abstract: "Wait.", options: [OptionSpec("for", valueName: "duration", isRequired: true)])
    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        _ = try arguments.duration("for")
        return 0
    }
}

/// `fail`: throws an error that is not a usage error.
enum FailSample: Command {
    struct Broken: Error, CustomStringConvertible {
        var description: String { "the disk is on fire" }
    }
    static let spec = CommandSpec(name: "fail", abstract: "Fail.")
    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        throw Broken()
    }
}

/// `db` group with `promote`, which has its own handler; `db` itself has none.
enum DatabaseSample: Command {
    static let spec = CommandSpec(name: "db", abstract: "Database operations.")
    static let subcommands: [any Command.Type] = [PromoteSample.self]
}

enum PromoteSample: Command {
    static let spec = SampleTool.promote
    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        try arguments.flag("force") ? 7 : 8
    }
}

@Suite struct CommandLineToolTests {
    let tool = CommandLineTool(
        name: "genetix", abstract: "Run and operate a Genetix cluster.", version: "1.2.3",
        commands: [ScaleSample.self, WaitSample.self, FailSample.self, DatabaseSample.self])

    private func run(_ argv: [String]) async -> (code: Int32, out: String, err: String) {
        let captured = CapturedOutput()
        let code = await tool.run(argv, output: captured.output)
        return (code, captured.standardOutput, captured.standardError)
    }

    @Test func runsTheHandlerAndReturnsItsCode() async {
        let result = await run(["scale", "app-1", "5"])
        #expect(result.code == 5)
        #expect(result.out.isEmpty && result.err.isEmpty)
        #expect(await run(["db", "promote", "db-2", "--force"]).code == 7)
        #expect(await run(["db", "promote", "db-2"]).code == 8)
    }

    @Test func unknownCommandExits64WithHint() async {
        let result = await run(["nope"])
        #expect(result.code == 64)
        #expect(result.out.isEmpty)
        #expect(result.err == "error: unknown command 'nope' for 'genetix'. Commands: scale, wait, fail, db.\nRun 'genetix --help' for usage.\n")
    }

    @Test func unknownOptionExits64WithSuggestionAndHint() async {
        let result = await run(["scale", "app-1", "1", "--jsno"])
        #expect(result.code == 64)
        #expect(result.err == "error: unknown option '--jsno' for 'genetix scale'. Did you mean '--json'?\nRun 'genetix scale --help' for usage.\n")
    }

    @Test func usageErrorFromInsideTheHandlerExits64() async {
        let result = await run(["wait", "--for", "soon"])
        #expect(result.code == 64)
        #expect(result.err == "error: invalid value 'soon' for '--for' of 'genetix wait': expected \(DurationText.expectation).\nRun 'genetix wait --help' for usage.\n")
    }

    @Test func otherErrorsExit1NamingTheCommand() async {
        let result = await run(["fail"])
        #expect(result.code == 1)
        #expect(result.err == "error: genetix fail: the disk is on fire\n")
    }

    @Test func helpAndVersionGoToStandardOutputAndExit0() async {
        let help = await run(["--help"])
        #expect(help.code == 0)
        #expect(help.err.isEmpty)
        #expect(help.out == HelpFormatter.help(for: [tool.root]))
        #expect(help.out.contains("  scale                   Set the number of workers of an app node.\n"))
        #expect(help.out.contains("  db                      Database operations.\n"))
        let commandHelp = await run(["help", "scale"])
        #expect(commandHelp.code == 0)
        #expect(commandHelp.out.hasPrefix("OVERVIEW: Set the number of workers of an app node.\n"))
        let version = await run(["--version"])
        #expect(version.code == 0)
        #expect(version.out == "genetix 1.2.3\n")
    }

    @Test func bareRootPrintsHelp() async {
        let result = await run([])
        #expect(result.code == 0)
        #expect(result.out == HelpFormatter.help(for: [tool.root]))
    }

    @Test func groupWithoutSubcommandIsAUsageError() async {
        let result = await run(["db"])
        #expect(result.code == 64)
        #expect(result.err == "error: 'genetix db' needs a subcommand: promote.\nRun 'genetix db --help' for usage.\n")
    }

    @Test func treeIsBuiltFromCommandTypes() {
        #expect(tool.root.subcommands.map(\.name) == ["scale", "wait", "fail", "db"])
        #expect(tool.root.subcommand(named: "db")?.subcommands.map(\.name) == ["promote"])
        #expect(Set(tool.handlers.keys) == ["scale", "wait", "fail", "db", "db promote"])
    }
}
