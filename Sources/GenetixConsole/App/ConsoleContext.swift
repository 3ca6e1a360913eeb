import GenetixOperations

/// One cluster the console can watch, as k9s has contexts: a configuration's cluster client, the operations runner
/// over it (nil: actions off), and why actions are off. `:ctx NAME` switches between them.
public struct ConsoleContext: Sendable {
    /// What `:ctx` calls it: the configuration's cluster name.
    public var name: String
    public var cluster: ClusterClient
    public var operations: (any ActionRunning)?
    /// Why actions are off (`--read-only`); nil when they are on.
    public var readOnlyReason: String?

    public init(name: String, cluster: ClusterClient, operations: (any ActionRunning)?, readOnlyReason: String? = nil) {
        self.name = name
        self.cluster = cluster
        self.operations = operations
        self.readOnlyReason = operations == nil ? (readOnlyReason ?? "no operations layer available") : readOnlyReason
    }

    /// Contexts for configurations, named by their cluster; a name used twice gets its file's name in brackets.
    public static func named(_ configs: [OperatorConfig]) -> [String] {
        configs.map { config in
            configs.filter { $0.cluster == config.cluster }.count > 1 ? "\(config.cluster)[\(config.path.split(separator: "/").last ?? "")]" : config.cluster
        }
    }
}
