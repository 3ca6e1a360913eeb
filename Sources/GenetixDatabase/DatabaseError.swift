import GenetixPostgres

/// Why the database agent could not do something: what happened, to what, and what to do.
public enum DatabaseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The PostgreSQL 15 programs were not found.
    case binariesMissing(String)
    /// The data directory cannot be created or written by the account that runs postgres.
    case dataDirectoryUnwritable(path: String, reason: String)
    /// The agent runs as root but there is no `postgres` system account to run the server as.
    case accountMissing(String)
    /// A settings value is wrong.
    case invalidSetting(String)
    /// A file the agent needs (a password file) cannot be read.
    case fileUnreadable(path: String, reason: String)
    /// A program could not be started.
    case spawnFailed(program: String, errno: Int32)
    /// A program ran and failed; `output` is the tail of what it printed.
    case toolFailed(program: String, status: Int32, output: String)
    /// A peer agent's admin API could not be reached.
    case peerUnreachable(target: String, message: String)
    /// A PostgreSQL connection or statement failed.
    case postgres(PostgresError)
    /// The server did not reach the wanted state in time.
    case timedOut(String)

    public var description: String {
        switch self {
        case .binariesMissing(let why):
            "PostgreSQL 15 programs not found (\(why)); install postgresql-15 or pass --pg-bin DIR"
        case .dataDirectoryUnwritable(let path, let reason):
            "data directory \(path) cannot be written: \(reason); choose another --data or fix its owner and mode"
        case .accountMissing(let why):
            "cannot run postgres as the 'postgres' system account: \(why); create it (apt-get install postgresql-15 does) or run the agent as a non-root user"
        case .invalidSetting(let why):
            "invalid database setting: \(why)"
        case .fileUnreadable(let path, let reason):
            "cannot read \(path): \(reason); check the path and its permissions"
        case .spawnFailed(let program, let code):
            "cannot start \(program): \(String(cString: strerror(code)))"
        case .toolFailed(let program, let status, let output):
            "\(program) failed with status \(status): \(output.isEmpty ? "(no output)" : output)"
        case .peerUnreachable(let target, let message):
            "cannot reach the database \(target): \(message); check that its agent runs and that --peers names its admin URL"
        case .postgres(let error):
            error.description
        case .timedOut(let what):
            "timed out: \(what)"
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
