import Foundation

/// Where the PostgreSQL 15 programs are: `postgres`, `initdb`, `pg_basebackup`, `pg_rewind`.
public struct PostgresBinaries: Sendable, Equatable {
    /// The directory holding the programs.
    public let directory: String

    /// The programs in `directory`, or — when nil — in `/usr/lib/postgresql/15/bin` or what `pg_config --bindir` says.
    public init(directory: String? = nil) throws(DatabaseError) {
        var candidates: [String] = []
        if let directory { candidates.append(directory) } else {
            candidates.append("/usr/lib/postgresql/15/bin")
            if let fromConfig = Self.pgConfigBindir() { candidates.append(fromConfig) }
        }
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate + "/postgres")
            && FileManager.default.isExecutableFile(atPath: candidate + "/initdb") {
            self.directory = candidate
            return
        }
        throw .binariesMissing("looked in \(candidates.joined(separator: ", "))")
    }

    /// The full path of a program, e.g. `path("pg_rewind")`.
    public func path(_ program: String) -> String { directory + "/" + program }

    public var postgres: String { path("postgres") }
    public var initdb: String { path("initdb") }
    public var basebackup: String { path("pg_basebackup") }
    public var rewind: String { path("pg_rewind") }
    public var controldata: String { path("pg_controldata") }

    private static func pgConfigBindir() -> String? {
        for candidate in ["/usr/bin/pg_config", "/usr/local/bin/pg_config"] where FileManager.default.isExecutableFile(atPath: candidate) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: candidate)
            process.arguments = ["--bindir"]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            do { try process.run() } catch { return nil }
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? nil : text
        }
        return nil
    }
}
