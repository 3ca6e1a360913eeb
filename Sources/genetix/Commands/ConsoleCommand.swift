import Foundation
import GenetixCommandLine
import GenetixConsole
import GenetixCore

/// `genetix console`: the ncurses operations console over the nodes of a configuration file.
enum ConsoleCommand: Command {
    static let spec = CommandSpec(
        name: "console",
        abstract: "Watch and operate the cluster in a terminal (ncurses).",
        discussion: """
            Reads the console configuration from --config, $GENETIX_CONFIG, ./genetix.json or \
            $XDG_CONFIG_HOME/genetix/config.json. Themes come from Themes/ and $XDG_CONFIG_HOME/genetix/themes; \
            NO_COLOR gives the monochrome theme. Press ? in the console for every key.
            """,
        options: [
            OptionSpec("config", valueName: "file", help: "The console configuration (JSON)."),
            OptionSpec("theme", valueName: "name", help: "Colour theme: default, light, solarized-dark, nord, high-contrast, monochrome or your own."),
            OptionSpec("refresh", valueName: "seconds", help: "Seconds between polls of each node (at least 0.25).", defaultValue: "1"),
        ],
        flags: [
            FlagSpec("read-only", help: "Watch only: every action is switched off."),
            FlagSpec("mouse", help: "Click to select, wheel to scroll; --no-mouse leaves the mouse to the terminal for selecting text.",
                     hasInversion: true, defaultValue: true),
        ])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        guard let path = ConsoleConfiguration.locate(explicit: try arguments.optionalString("config")) else {
            FileHandle.standardError.write(Data("genetix console: \(ConsoleConfigurationError.notFound)\n".utf8))
            return 64
        }
        let config: ConsoleConfiguration
        do { config = try ConsoleConfiguration.load(path: path) } catch {
            FileHandle.standardError.write(Data("genetix console: \(error)\n".utf8))
            return 1
        }
        let refreshText = try arguments.string("refresh")
        guard let seconds = Double(refreshText), seconds.isFinite, seconds > 0 else {
            FileHandle.standardError.write(Data("genetix console: --refresh expects seconds, like 1 or 0.5; got \"\(refreshText)\"\n".utf8))
            return 64
        }
        let refresh = arguments.optionValues["refresh"] == nil ? (config.refresh ?? seconds) : seconds
        let loader = ThemeLoader.standard()
        let (theme, themeMessage) = loader.resolve(name: try arguments.optionalString("theme") ?? config.theme)
        signal(SIGPIPE, SIG_IGN)
        let model = ClusterModel(clusterName: config.cluster, nodes: config.nodes,
                                 refreshInterval: .milliseconds(Int((refresh * 1000).rounded())))
        let readOnly = try arguments.flag("read-only")
        let operations = readOnly ? nil : AdminActionOperations(nodes: config.nodes, model: model)
        let terminal: NcursesTerminal
        do { terminal = try NcursesTerminal(mouse: try arguments.flag("mouse")) } catch {
            FileHandle.standardError.write(Data("genetix console: \(error)\n".utf8))
            return 1
        }
        let app = ConsoleApp(model: model, operations: operations, terminal: terminal, themes: loader, theme: theme,
                             readOnlyReason: readOnly ? "started with --read-only" : nil, startupMessage: themeMessage)
        await app.run()
        if let themeMessage { FileHandle.standardError.write(Data("genetix console: \(themeMessage)\n".utf8)) }
        return 0
    }
}
