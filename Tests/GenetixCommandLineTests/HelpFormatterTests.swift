import GenetixCommandLine
import Testing

@Suite struct HelpFormatterTests {
    @Test func snapshotOfCommandWithManyOptions() {
        let expected = """
            OVERVIEW: Run an app node: a supervisor of webapp workers.

            The supervisor restarts workers that crash, with exponential backoff, and serves
            the admin API.

            USAGE: genetix app [<options>]

            OPTIONS:
              -n, --workers <n>       Number of worker processes. (default: 2)
              --admin-listen <host:port>
                                      Address of the admin API. (default: 127.0.0.1:0)
              -b, --backend <address>
                                      Address of a backend; repeat the option or give a
                                      comma-separated list.
              --restart-delay <duration>
                                      First restart delay. (default: 500ms)
              --mode <mode>           How workers share the port. (values: fork, cluster)
                                      (default: fork)
              --ratio <x>             Target CPU ratio.
              --name <name>           Node name.
              -j, --json              Print JSON.
              -y, --yes               Do not ask for confirmation.
              -q, --quiet             Print less.
              --mouse/--no-mouse      Use the mouse. (default: --mouse)
              -h, --help              Show help information.

            """
        #expect(HelpFormatter.help(for: [SampleTool.root, SampleTool.app]) == expected)
    }

    @Test func snapshotOfCommandWithArguments() {
        let expected = """
            OVERVIEW: Set the number of workers of an app node.

            USAGE: genetix scale [--timeout <duration>] [--json] <node> <count>

            ARGUMENTS:
              <node>                  The app node.
              <count>                 An absolute count (3) or a change (+1, -1).

            OPTIONS:
              -t, --timeout <duration>
                                      How long to wait. (default: 10s)
              --json                  Print JSON.
              -h, --help              Show help information.

            """
        #expect(HelpFormatter.help(for: [SampleTool.root, SampleTool.scale]) == expected)
    }

    @Test func snapshotOfCommandGroup() {
        let expected = """
            OVERVIEW: Database operations.

            USAGE: genetix db [--cluster <file>] <subcommand>

            OPTIONS:
              --cluster <file>        Cluster file.
              -h, --help              Show help information.

            SUBCOMMANDS:
              promote                 Promote a replica to primary.
              follow                  Re-point a replica.

              See 'genetix help db <subcommand>' for detailed help.

            """
        #expect(HelpFormatter.help(for: [SampleTool.root, SampleTool.database]) == expected)
    }

    @Test func rootListsVersionAndEverySubcommand() {
        let text = HelpFormatter.help(for: [SampleTool.root])
        #expect(text.contains("USAGE: genetix <subcommand>\n"))
        #expect(text.contains("  --version               Show the version.\n"))
        for command in SampleTool.root.subcommands {
            #expect(text.contains("\n  \(command.name)"), "missing \(command.name)")
        }
    }

    @Test func everyLineFitsTheWidthWhenWordsDo() {
        let long = String(repeating: "word ", count: 60)
        let text = HelpFormatter.help(for: [CommandSpec(name: "t", abstract: long, discussion: long,
                                                         options: [OptionSpec("x", help: long, defaultValue: "1")])])
        for line in text.split(separator: "\n") {
            #expect(line.count <= HelpFormatter.width, "too wide: \(line)")
        }
    }
}
