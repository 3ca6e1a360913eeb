import Foundation
import GenetixCore
import Glibc
import Synchronization

/// The operator decisions a node keeps across restarts (PM2's save/resurrect, HAProxy's `server-state-file`):
/// `DIR/NAME.state.json`, rewritten whole after every decision — written to a temporary file, fsynced, renamed over the
/// old one, and the directory fsynced — so a crash leaves either the old file or the new one, never half of one.
///
/// On start the file is read once. A file that cannot be read or parsed (torn by a full disk, edited by hand) is
/// reported by path as a log entry and a `state.corrupt` event and ignored: the node starts from its command line.
/// With `--ignore-saved-state` the file is moved aside to `PATH.ignored` and the node starts from its command line.
public final class NodeStateFile: Sendable {
    /// One saved decision.
    public struct Entry: Codable, Sendable, Equatable {
        public var value: JSONValue
        public var savedAt: Date
        public var actor: String
    }

    /// The file's JSON.
    struct Body: Codable {
        var schema: Int
        var node: String
        var kind: String
        var savedAt: Date
        var settings: [String: Entry]
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var commandLine: [String: JSONValue] = [:]
        var mode: String
        var savedAt: Date?
        var problem: String?
    }

    /// `DIR/NAME.state.json`, or nil when the node has no state directory.
    public let path: String?
    private let node: String
    private let kind: NodeKind
    private let state: Mutex<State>
    private let logger: Logger?
    private let events: EventStore?

    /// Opens (reads) the state of node `node` in `directory`; `ignoreSaved` sets the saved file aside instead.
    public init(directory: String?, node: String, kind: NodeKind, ignoreSaved: Bool, logger: Logger?, events: EventStore?) {
        self.node = node
        self.kind = kind
        self.logger = logger
        self.events = events
        guard let directory else {
            path = nil
            state = Mutex(State(mode: "disabled"))
            return
        }
        let path = (directory as NSString).appendingPathComponent("\(node).state.json")
        self.path = path
        guard FileManager.default.fileExists(atPath: path) else {
            state = Mutex(State(mode: "fresh"))
            return
        }
        if ignoreSaved {
            let aside = path + ".ignored"
            let moved = rename(path, aside) == 0
            let problem = moved ? nil : "cannot move it aside to \(aside): \(String(cString: strerror(errno)))"
            state = Mutex(State(mode: "ignored", problem: problem))
            logger?.notice("--ignore-saved-state: starting from the command line; the saved state \(path) was moved to \(aside)")
            events?.emit(type: "state.ignored", message: "saved state \(path) ignored (--ignore-saved-state); kept as \(aside)",
                         target: node, fields: ["path": path])
            return
        }
        switch Self.read(path) {
        case .success(let body):
            state = Mutex(State(entries: body.settings, mode: "restored", savedAt: body.savedAt))
            let names = body.settings.keys.sorted().joined(separator: ", ")
            logger?.notice("restored \(body.settings.count) saved setting(s) from \(path) (saved \(GenetixJSON.format(body.savedAt))): \(names)")
            events?.emit(type: "state.restored",
                         message: "restored \(names.isEmpty ? "no settings" : names) from \(path) (saved \(GenetixJSON.format(body.savedAt)))",
                         target: node, fields: ["path": path, "savedAt": GenetixJSON.format(body.savedAt)])
        case .failure(let problem):
            state = Mutex(State(mode: "corrupt", problem: problem.description))
            logger?.error("ignoring the state file \(path): \(problem); starting from the command line (the next decision rewrites it)")
            events?.emit(type: "state.corrupt", severity: .warn,
                         message: "state file \(path) ignored: \(problem); starting from the command line",
                         target: node, fields: ["path": path])
        }
    }

    /// The restored value of `key`, if the file had one.
    public func saved(_ key: String) -> JSONValue? { state.withLock { $0.entries[key]?.value } }

    /// Every restored key with its value.
    public var savedSettings: [String: JSONValue] { state.withLock { $0.entries.mapValues(\.value) } }

    /// Declares the command line's value of `key` (shown as `command-line` until a decision is saved).
    public func commandLine(_ key: String, _ value: JSONValue) { state.withLock { $0.commandLine[key] = value } }

    /// Records an operator's decision and rewrites the file. A failed write is logged, reported as a
    /// `state.save-failed` event and in the status; the decision still applies to the running node.
    public func record(_ key: String, _ value: JSONValue, actor: String) {
        record([key: value], actor: actor)
    }

    /// Records several decisions at once (one write).
    public func record(_ values: [String: JSONValue], actor: String) {
        guard let path else { return }
        let now = Date()
        let body: Body = state.withLock { s in
            for (key, value) in values { s.entries[key] = Entry(value: value, savedAt: now, actor: actor) }
            s.savedAt = now
            return Body(schema: 1, node: node, kind: kind.rawValue, savedAt: now, settings: s.entries)
        }
        do {
            try AtomicFile.write(GenetixJSON.encode(body, pretty: true) + [0x0A], to: path)
            state.withLock { $0.problem = nil }
        } catch {
            state.withLock { $0.problem = "the last save failed: \(error)" }
            logger?.error("cannot save the node's state to \(path): \(error); the decision applies until the node restarts")
            events?.emit(type: "state.save-failed", severity: .warn, message: "cannot save state to \(path): \(error)",
                         target: node, fields: ["path": path])
        }
    }

    /// The `savedState` field of the status.
    public func status() -> SavedStateStatus {
        state.withLock { s in
            let keys = Set(s.entries.keys).union(s.commandLine.keys).sorted()
            let settings = keys.map { key -> SettingOrigin in
                if let entry = s.entries[key] {
                    return SettingOrigin(name: key, value: entry.value.compactText, source: "saved \(GenetixJSON.format(entry.savedAt))",
                                         actor: entry.actor)
                }
                return SettingOrigin(name: key, value: s.commandLine[key]?.compactText ?? "null", source: "command-line")
            }
            return SavedStateStatus(path: path, mode: s.mode, savedAt: s.savedAt, problem: s.problem, settings: settings)
        }
    }

    /// Why a state file could not be used.
    enum ReadProblem: Error, CustomStringConvertible {
        case unreadable(String)
        case malformed(String)
        case foreign(String)

        var description: String {
            switch self {
            case .unreadable(let why): "cannot read it: \(why)"
            case .malformed(let why): "it is not a Genetix state file (torn or edited?): \(why)"
            case .foreign(let why): why
            }
        }
    }

    private static func explain(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func at(_ context: DecodingError.Context) -> String {
            context.codingPath.isEmpty ? "" : " at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        }
        switch error {
        case .dataCorrupted(let context): return context.debugDescription + at(context)
        case .keyNotFound(let key, let context): return "key '\(key.stringValue)' is missing" + at(context)
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return context.debugDescription + at(context)
        @unknown default: return "\(error)"
        }
    }

    private static func read(_ path: String) -> Result<Body, ReadProblem> {
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(.unreadable(String(cString: strerror(errno))))
        }
        let body: Body
        do { body = try GenetixJSON.decode(Body.self, from: Array(data)) } catch {
            return .failure(.malformed(Self.explain(error)))
        }
        guard body.schema == 1 else { return .failure(.foreign("schema \(body.schema) is not 1 (written by a newer genetix?)")) }
        return .success(body)
    }
}

extension JSONValue {
    /// One-line JSON text, keys sorted.
    public var compactText: String { String(decoding: GenetixJSON.encode(self), as: UTF8.self) }
}
