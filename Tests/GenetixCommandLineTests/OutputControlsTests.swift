import GenetixCommandLine
import Testing

/// `--output text|json|wide` with `--json` as its alias, `-q` and `-v`: added to every command that has `--json`,
/// read back by either spelling, contradictions refused as usage errors.
@Suite struct OutputControlsTests {
    static let root = CommandSpec(name: "genetix", subcommands: [
        CommandSpec(name: "status", flags: [OutputMode.jsonFlag()]),
        CommandSpec(name: "scale", flags: [FlagSpec("json", help: "Print JSON."), FlagSpec("quiet", short: "q", help: "Own quiet.")]),
        CommandSpec(name: "up", flags: [FlagSpec("detach")]),
        CommandSpec(name: "logs", options: [OptionSpec("origin", short: "o")], flags: [OutputMode.jsonFlag()]),
    ]).addingOutputControls()

    static func parse(_ line: String) throws -> ParsedArguments {
        guard case .run(let parsed) = try CommandLineParser(root: root).parse(line.split(separator: " ").map(String.init)) else {
            throw SampleToolFailure.notARun([line])
        }
        return parsed
    }

    @Test func everyCommandWithJSONGetsTheControlsAndOthersDoNot() throws {
        for name in ["status", "scale", "logs"] {
            let spec = try #require(Self.root.subcommand(named: name))
            #expect(spec.option(named: "output")?.allowedValues == ["text", "json", "wide"], "\(name)")
            #expect(spec.flag(named: "quiet") != nil && spec.flag(named: "verbose") != nil, "\(name)")
            #expect(spec.flag(named: "json")?.alias == FlagAlias(option: "output", value: "json"), "\(name)")
        }
        let up = try #require(Self.root.subcommand(named: "up"))
        #expect(up.option(named: "output") == nil && up.flag(named: "quiet") == nil)
        // A command's own declarations win: scale keeps its -q, logs keeps -o for --origin (so --output has no short name).
        #expect(Self.root.subcommand(named: "scale")?.flag(named: "quiet")?.help == "Own quiet.")
        #expect(Self.root.subcommand(named: "logs")?.option(named: "output")?.short == nil)
        #expect(Self.root.subcommand(named: "status")?.option(named: "output")?.short == "o")
    }

    @Test func jsonAndOutputJSONReadTheSame() throws {
        for line in ["status --json", "status --output json", "status -o json", "status --output=json", "status --json --output json"] {
            let parsed = try Self.parse(line)
            #expect(try parsed.flag("json"), "\(line)")
            #expect(try parsed.string("output") == "json", "\(line)")
            #expect(try OutputMode(parsed) == OutputMode(format: .json), "\(line)")
        }
        let wide = try Self.parse("status -o wide")
        #expect(try !wide.flag("json"))
        #expect(try OutputMode(wide).format == .wide)
        let plain = try Self.parse("status")
        #expect(try !plain.flag("json"))
        #expect(try OutputMode(plain) == OutputMode())
    }

    @Test func quietAndVerbose() throws {
        #expect(try OutputMode(Self.parse("status -q")).verbosity == .quiet)
        #expect(try OutputMode(Self.parse("status --verbose")).verbosity == .verbose)
        #expect(try OutputMode(Self.parse("status -v --json")) == OutputMode(format: .json, verbosity: .verbose))
        #expect(throws: CommandLineError.conflictingOptions("--quiet", "--verbose", command: "genetix status")) {
            try OutputMode(Self.parse("status -q -v"))
        }
    }

    @Test func contradictionsAndUnknownFormatsAreUsageErrors() {
        let parser = CommandLineParser(root: Self.root)
        #expect(throws: CommandLineError.conflictingOptions("--json", "--output text", command: "genetix status")) {
            try parser.parse(["status", "--json", "--output", "text"])
        }
        do {
            _ = try parser.parse(["status", "--output", "yaml"])
            Issue.record("--output yaml parsed")
        } catch {
            #expect(error.exitCode == 64)
            #expect(error.description == "invalid value 'yaml' for '--output' of 'genetix status': expected one of text, json, wide.")
        }
        #expect(CommandLineError.conflictingOptions("--json", "--output text", command: "genetix status").description
                == "'--json' and '--output text' of 'genetix status' contradict each other; give only one.")
    }

    /// The tool makes the mode the running command's `OutputMode.current`, and a contradiction exits 64 before it runs.
    @Test func theToolBindsTheModeForTheHandler() async {
        let seen = CapturedOutput()
        let tool = CommandLineTool(root: Self.root, handlers: ["status": { _ in
            let mode = OutputMode.current
            return mode.format == .wide && mode.verbosity == .quiet ? 7 : 1
        }])
        #expect(await tool.run(["status", "-o", "wide", "-q"], output: seen.output) == 7)
        #expect(await tool.run(["status", "--quiet", "--verbose"], output: seen.output) == 64)
        #expect(seen.standardError.contains("'--quiet' and '--verbose' of 'genetix status' contradict each other"))
        #expect(OutputMode.current == OutputMode())
    }

    /// Hidden commands run but are not listed in help.
    @Test func hiddenCommandsStayOutOfHelp() throws {
        var hidden = CommandSpec(name: "__complete-nodes", abstract: "Node names for completion.")
        hidden.isHidden = true
        let root = CommandSpec(name: "genetix", subcommands: [CommandSpec(name: "status", abstract: "Show."), hidden])
        let help = HelpFormatter.help(for: [root])
        #expect(help.contains("status"))
        #expect(!help.contains("__complete-nodes"))
        guard case .run(let parsed) = try CommandLineParser(root: root).parse(["__complete-nodes"]) else {
            Issue.record("hidden command did not parse")
            return
        }
        #expect(parsed.commandName == "genetix __complete-nodes")
    }
}
