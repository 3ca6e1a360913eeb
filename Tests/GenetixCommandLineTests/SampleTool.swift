import GenetixCommandLine

/// A small tool declared like `genetix`, used by the parser, help and runner tests.
enum SampleTool {
    static let app = CommandSpec(
        name: "app",
        abstract: "Run an app node: a supervisor of webapp workers.",
        discussion: "The supervisor restarts workers that crash, with exponential backoff, and serves the admin API.",
        options: [
            OptionSpec("workers", short: "n", valueName: "n", help: "Number of worker processes.", defaultValue: "2"),
            OptionSpec("admin-listen", valueName: "host:port", help: "Address of the admin API.", defaultValue: "127.0.0.1:0"),
            OptionSpec("backend", short: "b", valueName: "address",
                       help: "Address of a backend; repeat the option or give a comma-separated list.",
                       isRepeatable: true, isCommaSeparated: true),
            OptionSpec("restart-delay", valueName: "duration", help: "First restart delay.", defaultValue: "500ms"),
            OptionSpec("mode", valueName: "mode", help: "How workers share the port.", defaultValue: "fork",
                       allowedValues: ["fork", "cluster"]),
            OptionSpec("ratio", valueName: "x", help: "Target CPU ratio."),
            OptionSpec("name", valueName: "name", help: "Node name."),
        ],
        flags: [
            FlagSpec("json", short: "j", help: "Print JSON."),
            FlagSpec("yes", short: "y", help: "Do not ask for confirmation."),
            FlagSpec("quiet", short: "q", help: "Print less."),
            FlagSpec("mouse", help: "Use the mouse.", hasInversion: true, defaultValue: true),
        ])

    static let scale = CommandSpec(
        name: "scale",
        abstract: "Set the number of workers of an app node.",
        arguments: [
            PositionalSpec("node", help: "The app node."),
            PositionalSpec("count", help: "An absolute count (3) or a change (+1, -1)."),
        ],
        options: [OptionSpec("timeout", short: "t", valueName: "duration", help: "How long to wait.", defaultValue: "10s")],
        flags: [FlagSpec("json", help: "Print JSON.")])

    static let tail = CommandSpec(
        name: "tail",
        abstract: "Follow logs.",
        arguments: [PositionalSpec("nodes", help: "Nodes to follow.", isOptional: true, isRepeating: true)],
        flags: [FlagSpec("one", short: "1", help: "Stop after one entry.")])

    static let promote = CommandSpec(
        name: "promote",
        abstract: "Promote a replica to primary.",
        arguments: [PositionalSpec("node", help: "The replica.")],
        flags: [FlagSpec("force", short: "f", help: "Promote even when lagging.")])

    static let database = CommandSpec(
        name: "db",
        abstract: "Database operations.",
        options: [OptionSpec("cluster", valueName: "file", help: "Cluster file.")],
        subcommands: [promote, CommandSpec(name: "follow", abstract: "Re-point a replica.")])

    static let root = CommandSpec(
        name: "genetix",
        abstract: "Run and operate a Genetix cluster.",
        subcommands: [app, scale, tail, database],
        version: "1.2.3")

    static let parser = CommandLineParser(root: root)

    /// Parses a command line split on spaces; fails the test unless it selects a command to run.
    static func parse(_ line: String) throws -> ParsedArguments {
        try parse(words(line))
    }

    /// Parses argv; fails unless it selects a command to run.
    static func parse(_ argv: [String]) throws -> ParsedArguments {
        guard case .run(let parsed) = try parser.parse(argv) else {
            throw SampleToolFailure.notARun(argv)
        }
        return parsed
    }

    /// The error a command line fails with, or nil when it parses.
    static func failure(_ line: String) -> CommandLineError? {
        do {
            _ = try parser.parse(words(line))
            return nil
        } catch {
            return error
        }
    }

    static func words(_ line: String) -> [String] {
        line.split(separator: " ").map(String.init)
    }
}

/// A parse that showed help or a version where the test expected a command to run.
enum SampleToolFailure: Error, CustomStringConvertible {
    case notARun([String])

    var description: String {
        switch self {
        case .notARun(let argv): return "expected \(argv) to select a command to run"
        }
    }
}
