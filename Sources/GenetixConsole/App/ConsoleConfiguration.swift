import Foundation
import GenetixCore

/// The console's configuration file, minimal form: `{"cluster": "local", "nodes": [{"name", "kind", "admin", "token"}],
/// "refresh": 1, "theme": "nord"}`.
///
/// Interim: the full loader (token files and environment variables, CA files, thresholds, unknown-key reports) belongs
/// to GenetixOperations and replaces this one; the console only needs `ConsoleNode`s and a name.
public struct ConsoleConfiguration: Sendable, Equatable, Decodable {
    public var cluster: String
    public var nodes: [ConsoleNode]
    /// Seconds between polls.
    public var refresh: Double?
    public var theme: String?

    public init(cluster: String, nodes: [ConsoleNode], refresh: Double? = nil, theme: String? = nil) {
        self.cluster = cluster
        self.nodes = nodes
        self.refresh = refresh
        self.theme = theme
    }

    /// Where the file is looked for: `--config`, then `$GENETIX_CONFIG`, `./genetix.json`, `$XDG_CONFIG_HOME/genetix/config.json`.
    public static func locate(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let explicit { return explicit }
        if let path = environment["GENETIX_CONFIG"] { return path }
        let local = FileManager.default.currentDirectoryPath + "/genetix.json"
        if FileManager.default.fileExists(atPath: local) { return local }
        let configHome = environment["XDG_CONFIG_HOME"] ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.config")
        let user = configHome + "/genetix/config.json"
        return FileManager.default.fileExists(atPath: user) ? user : nil
    }

    /// Reads and checks a configuration file.
    public static func load(path: String) throws(ConsoleConfigurationError) -> ConsoleConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path) }
        let config: ConsoleConfiguration
        do { config = try GenetixJSON.decoder().decode(ConsoleConfiguration.self, from: data) } catch {
            throw .invalid(path, Self.describe(error))
        }
        if config.nodes.isEmpty { throw .invalid(path, "\"nodes\" is empty: list at least one node") }
        var seen = Set<String>()
        for (i, node) in config.nodes.enumerated() where !seen.insert(node.name).inserted {
            throw .invalid(path, "nodes[\(i)].name \"\(node.name)\" appears twice")
        }
        return config
    }

    private static func describe(_ error: any Error) -> String {
        func path(_ context: DecodingError.Context, _ extra: (any CodingKey)? = nil) -> String {
            let keys = context.codingPath + (extra.map { [$0] } ?? [])
            return keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: ["."])
        }
        switch error {
        case DecodingError.keyNotFound(let key, let context): return "missing key \"\(path(context, key))\""
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "key \"\(path(context))\": \(context.debugDescription)"
        case DecodingError.dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not valid JSON" : "key \"\(path(context))\": \(context.debugDescription)"
        default: return "\(error)"
        }
    }
}

/// Why the console configuration could not be used.
public enum ConsoleConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    case notFound
    case unreadable(String)
    case invalid(String, String)

    public var description: String {
        switch self {
        case .notFound:
            "no console configuration: pass --config FILE, set GENETIX_CONFIG, or create ./genetix.json (genetix up writes one)"
        case .unreadable(let path): "cannot read the console configuration \(path): no such file or not readable"
        case .invalid(let path, let why): "console configuration \(path): \(why)"
        }
    }
}
