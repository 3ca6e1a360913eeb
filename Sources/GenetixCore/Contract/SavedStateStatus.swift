import Foundation

/// The `savedState` field of a node's status: where the operator decisions the node persists (app: `workers`,
/// `autoscaler`; balancer: each backend's `drained` and `weight`) are kept, and where each current value came from.
public struct SavedStateStatus: Codable, Sendable, Equatable {
    /// The state file, or nil when the node has no state directory (`--state-dir`).
    public var path: String?
    /// `restored` (values were read from the file), `fresh` (no file yet), `ignored` (`--ignore-saved-state`),
    /// `corrupt` (the file could not be read; see `problem`) or `disabled` (no state directory).
    public var mode: String
    /// When the file was last written.
    public var savedAt: Date?
    /// Why the file was not used, or why the last save failed.
    public var problem: String?
    /// Each persisted setting with its current value and its origin.
    public var settings: [SettingOrigin]

    public init(path: String?, mode: String, savedAt: Date? = nil, problem: String? = nil, settings: [SettingOrigin] = []) {
        self.path = path
        self.mode = mode
        self.savedAt = savedAt
        self.problem = problem
        self.settings = settings
    }
}

/// One persisted setting: `workers`, `autoscaler`, `backend 127.0.0.1:8101 drained`…
public struct SettingOrigin: Codable, Sendable, Equatable {
    public var name: String
    /// The value as JSON text (`4`, `true`, `{"enabled":true,…}`).
    public var value: String
    /// `command-line` (flags or `--config`) or `saved <ISO-8601 time>` (restored from, or written to, the state file).
    public var source: String
    /// Who set it (the token name) when it was saved.
    public var actor: String?

    public init(name: String, value: String, source: String, actor: String? = nil) {
        self.name = name
        self.value = value
        self.source = source
        self.actor = actor
    }
}
