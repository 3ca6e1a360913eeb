import Foundation
import GenetixCore

/// `STATE/pids.json`: every process a `genetix up` started, with its process group and start time (so a reused pid
/// is never mistaken for ours), and the `up` process itself while it runs in the foreground.
public struct ProcessTable: Sendable, Codable, Equatable {
    /// One started process.
    public struct Entry: Sendable, Codable, Equatable {
        public var name: String
        /// `database`, `app`, `balancer`, `load` or `console`.
        public var role: String
        public var pid: Int32
        /// Its process group (its own: `kill(-pgid)` reaches it and its children).
        public var pgid: Int32
        /// Clock ticks since boot when it started (/proc/PID/stat field 22).
        public var startTicks: UInt64
        public var log: String?
        public var arguments: [String]

        public init(name: String, role: String, pid: Int32, pgid: Int32, startTicks: UInt64, log: String?, arguments: [String]) {
            self.name = name
            self.role = role
            self.pid = pid
            self.pgid = pgid
            self.startTicks = startTicks
            self.log = log
            self.arguments = arguments
        }
    }

    public var schema = 1
    /// The foreground `genetix up` (nil when detached).
    public var supervisor: Entry?
    public var processes: [Entry] = []

    public init() {}

    /// Reads the table; nil when the file does not exist.
    public static func read(_ path: String) throws(OperationError) -> ProcessTable? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        do { return try GenetixJSON.decode(ProcessTable.self, from: data) } catch {
            throw .notPossible("\(path) is damaged (\(error)); stop the processes it lists by hand, then delete it")
        }
    }

    /// Writes the table atomically.
    public func write(_ path: String) throws(OperationError) {
        do { try Data(GenetixJSON.encode(self, pretty: true)).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw .notPossible("cannot write \(path): \(error)")
        }
    }

    /// The entries whose process is still alive (same pid and same start time).
    public var alive: [Entry] { ((supervisor.map { [$0] } ?? []) + processes).filter(ProcessProbe.isAlive) }
}

/// Reads process facts from /proc.
public enum ProcessProbe {
    /// The start time of `pid` in clock ticks since boot, or nil when there is no such process.
    public static func startTicks(_ pid: Int32) -> UInt64? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // After the command: state is field 3, starttime field 22 → index 19 here.
        guard fields.count > 19 else { return nil }
        return UInt64(fields[19])
    }

    /// The one-letter state of `pid` (`R`, `S`, `Z`…), or nil.
    public static func state(_ pid: Int32) -> Character? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        return text[text.index(after: close)...].split(separator: " ").first?.first
    }

    /// Whether the entry's process still runs: the pid exists, is not a zombie, and started when recorded.
    public static func isAlive(_ entry: ProcessTable.Entry) -> Bool {
        guard let ticks = startTicks(entry.pid), ticks == entry.startTicks else { return false }
        return state(entry.pid) != "Z"
    }

    /// Whether any process is still in the process group `pgid` (children included).
    public static func groupAlive(_ pgid: Int32) -> Bool {
        kill(-pgid, 0) == 0 && !groupIsOnlyZombies(pgid)
    }

    private static func groupIsOnlyZombies(_ pgid: Int32) -> Bool {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return false }
        for name in entries {
            guard let pid = Int32(name), let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = text.lastIndex(of: ")") else { continue }
            let fields = text[text.index(after: close)...].split(separator: " ")
            guard fields.count > 2, Int32(fields[2]) == pgid else { continue }
            if fields[0] != "Z" { return false }
        }
        return true
    }
}
