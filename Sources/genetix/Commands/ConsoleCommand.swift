import CSystem
import Foundation
import GenetixCommandLine
import GenetixConsole
import GenetixCore
import GenetixOperations

/// `genetix console`: the ncurses operations console over the nodes of a configuration file.
enum ConsoleCommand: Command {
    static let spec = CommandSpec(
        name: "console",
        abstract: "Watch and operate the cluster in a terminal (ncurses).",
        discussion: """
            Reads the console configuration from --config, $GENETIX_CONFIG, ./genetix.json or \
            $XDG_CONFIG_HOME/genetix/config.json (the same file and checks as the headless commands). Every action \
            runs through the same code as its headless command. Themes are built in (Themes/ of the repository) \
            and read from $XDG_CONFIG_HOME/genetix/themes; NO_COLOR gives the monochrome theme. Press ? in the console for every key.
            """,
        options: [
            OptionSpec("config", valueName: "file", help: "The console configuration (JSON); repeat it for more clusters, switched with :ctx NAME.",
                       isRepeatable: true),
            OptionSpec("theme", valueName: "name", help: "Colour theme: default, light, solarized-dark, nord, high-contrast, monochrome or your own."),
            OptionSpec("refresh", valueName: "seconds", help: "Seconds between polls of each node (at least 0.25; default: the configuration's refresh)."),
        ],
        flags: [
            FlagSpec("read-only", help: "Watch only: every action is switched off."),
            FlagSpec("list-themes", help: "Print the names of the themes found (built in, then user themes) and exit."),
            FlagSpec("mouse", help: "Click to select, wheel to scroll; --no-mouse leaves the mouse to the terminal for selecting text.",
                     hasInversion: true, defaultValue: true),
        ])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        if try arguments.flag("list-themes") {
            FileHandle.standardOutput.write(Data(ThemeLoader.standard().availableThemes().map { $0 + "\n" }.joined().utf8))
            return 0
        }
        let paths = try arguments.strings("config")
        let configs = paths.count > 1 ? try paths.map { try OperatorConfigLoader().load(path: $0) }
            : [try OperatorConfigLoader().load(explicit: paths.first)]
        let config = configs[0]
        var refresh = config.refreshSeconds
        if let refreshText = try arguments.optionalString("refresh") {
            guard let seconds = Double(refreshText), seconds.isFinite, seconds > 0 else {
                throw CommandLineError.invalidValue(refreshText, for: "--refresh", expected: "seconds, like 1 or 0.5", command: arguments.commandName)
            }
            refresh = seconds
        }
        // One malloc arena: the console's few threads allocate little, and an arena per thread keeps each one's
        // freed memory to itself (about 0.6 MiB of resident memory measured here). Poll responses and their decoding
        // buffers (100 KB and more) are mapped on their own and given back when freed instead of growing the heap.
        _ = csystem_tune_malloc(1, 64 * 1024)
        let readOnly = try arguments.flag("read-only")
        // One cluster client per context, for polling and actions: the headless commands' own, so a key runs their
        // code path.
        let names = ConsoleContext.named(configs)
        let contexts = try zip(names, configs).map { name, config in
            let cluster = try ClusterClient(config: config)
            return ConsoleContext(name: name, cluster: cluster, operations: readOnly ? nil : ClusterOperator(cluster: cluster),
                                  readOnlyReason: readOnly ? "started with --read-only" : nil)
        }
        let loader = ThemeLoader.standard()
        let (theme, themeMessage) = loader.resolve(name: try arguments.optionalString("theme") ?? config.theme)
        signal(SIGPIPE, SIG_IGN)
        let terminal: NcursesTerminal
        do { terminal = try NcursesTerminal(mouse: try arguments.flag("mouse")) } catch {
            FileHandle.standardError.write(Data("genetix console: \(error)\n".utf8))
            return 1
        }
        let app = ConsoleApp(contexts: contexts, refreshInterval: .milliseconds(Int((refresh * 1000).rounded())), terminal: terminal,
                             themes: loader, theme: theme, startupMessage: themeMessage)
        await app.run()
        if let themeMessage { FileHandle.standardError.write(Data("genetix console: \(themeMessage)\n".utf8)) }
        return 0
    }
}
