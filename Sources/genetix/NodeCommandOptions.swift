import Foundation
import GenetixAdmin
import GenetixCommandLine
import GenetixCore
import GenetixNet

/// The flags every node command shares, and their conversion into `NodeOptions`.
enum NodeCommandOptions {
    /// `--name --admin-listen --admin-tokens --admin-allow --admin-cert --admin-key --config --log-file --log-level --threads`.
    static func options(defaultName: String, defaultAdminPort: Int) -> [OptionSpec] {
        [
            OptionSpec("name", valueName: "name", help: "The node's name in status, logs and the console.", defaultValue: defaultName),
            OptionSpec("admin-listen", valueName: "host:port", help: "Where the admin API listens.",
                       defaultValue: "127.0.0.1:\(defaultAdminPort)"),
            OptionSpec("admin-tokens", valueName: "file",
                       help: "JSON list of {\"name\", \"role\": \"viewer\"|\"operator\", \"secret\"} allowed on the admin API (required)."),
            OptionSpec("admin-allow", valueName: "cidr", help: "Networks allowed to reach the admin API (default: any).",
                       isRepeatable: true, isCommaSeparated: true),
            OptionSpec("admin-cert", valueName: "pem", help: "Serve the admin API over TLS with this certificate chain."),
            OptionSpec("admin-key", valueName: "pem", help: "The private key for --admin-cert."),
            OptionSpec("config", valueName: "file", help: "JSON file of option names to values; command-line flags win."),
            OptionSpec("log-file", valueName: "path", help: "Also write logs as JSON lines here (rotated at 10 MiB, 5 files)."),
            OptionSpec("log-level", valueName: "level", help: "Least severe level kept.", defaultValue: "info",
                       allowedValues: ["trace", "debug", "info", "notice", "warn", "error", "critical"]),
            OptionSpec("threads", valueName: "n", help: "Event-loop threads (default: one per core)."),
            OptionSpec("syslog", valueName: "socket", help: "Also send every log line to the host's syslog daemon on this datagram socket (RFC 5424, e.g. /dev/log; never blocks: lines are dropped and counted when it cannot keep up)."),
        ]
    }

    /// `--state-dir` for the kinds that keep operator decisions across restarts (app, balancer).
    static let stateOptions: [OptionSpec] = [
        OptionSpec("state-dir", valueName: "dir",
                   help: "Keep operator decisions (scale, autoscale; drain, weight) in DIR/NAME.state.json and restore them on start (default: $STATE_DIRECTORY, set by systemd's StateDirectory=, else the --log-file directory; neither: not kept)."),
    ]

    /// `--ignore-saved-state`.
    static let stateFlags: [FlagSpec] = [
        FlagSpec("ignore-saved-state", help: "Start from the command line's values; the saved state file is moved aside to NAME.state.json.ignored."),
    ]

    /// The state directory: `--state-dir`, else `$STATE_DIRECTORY` (its first entry), else the `--log-file` directory.
    static func stateDirectory(_ arguments: ParsedArguments, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String? {
        if let given = try arguments.optionalString("state-dir") {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: given, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw NodeCommandError.invalid("--state-dir", "\(given) is not a directory: create it (owned by the node's user) or pick another")
            }
            return given
        }
        if let systemd = environment["STATE_DIRECTORY"]?.split(separator: ":").first, !systemd.isEmpty { return String(systemd) }
        if let logFile = try arguments.optionalString("log-file") {
            let directory = (logFile as NSString).deletingLastPathComponent
            return directory.isEmpty ? FileManager.default.currentDirectoryPath : directory
        }
        return nil
    }

    /// Applies `--config FILE` (keys are option names) under the command line's own values.
    static func withConfigFile(_ arguments: ParsedArguments) throws -> ParsedArguments {
        guard let path = try arguments.optionalString("config") else { return arguments }
        return try arguments.merging(configFile: path)
    }

    /// Builds `NodeOptions` from the parsed common flags.
    static func nodeOptions(_ arguments: ParsedArguments, kind: NodeKind, dataDirectory: String? = nil, persistsState: Bool = false) throws -> NodeOptions {
        guard let tokensPath = try arguments.optionalString("admin-tokens") else {
            throw NodeCommandError.missing("--admin-tokens", "every node needs a tokens file; e.g. [{\"name\": \"ops\", \"role\": \"operator\", \"secret\": \"...\"}]")
        }
        let tokens = try AdminTokenFile.load(tokensPath)
        let listen = try arguments.hostPort("admin-listen")
        var allow: [CIDRBlock] = []
        for text in try arguments.strings("admin-allow") { allow.append(try CIDRBlock(parsing: text)) }
        var tls: TLSContext?
        if let cert = try arguments.optionalString("admin-cert") {
            guard let key = try arguments.optionalString("admin-key") else { throw NodeCommandError.missing("--admin-key", "--admin-cert needs its key") }
            tls = try TLSContext.server(.server(certificateChainPath: cert, privateKeyPath: key))
        }
        let level = LogLevel(parsing: try arguments.string("log-level")) ?? .info
        let threads = try arguments.optionalInt("threads", in: 1...256) ?? System.coreCount
        var options = NodeOptions(name: try arguments.string("name"), kind: kind, adminListen: SocketAddress(host: listen.host, port: Int(listen.port)),
                                  tokens: tokens, allow: allow, adminTLS: tls, logFile: try arguments.optionalString("log-file"), logLevel: level,
                                  logToStderr: true, dataDirectory: dataDirectory, loops: max(1, threads))
        options.tokensFile = tokensPath
        options.syslogSocket = try arguments.optionalString("syslog")
        if persistsState {
            options.persistsState = true
            options.stateDirectory = try stateDirectory(arguments)
            options.ignoreSavedState = try arguments.flag("ignore-saved-state")
        }
        return options
    }
}

/// A node command that cannot start as configured.
enum NodeCommandError: ExitCodeError {
    case missing(String, String)
    case invalid(String, String)

    var exitCode: Int32 { 64 }

    var description: String {
        switch self {
        case .missing(let flag, let hint): "\(flag) is required: \(hint)"
        case .invalid(let flag, let why): "\(flag): \(why)"
        }
    }
}
