import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The system account postgres and its tools run as: the `postgres` user when the agent runs as root (PostgreSQL
/// refuses to run as root), otherwise the agent's own account (nothing to switch).
public struct SystemAccount: Sendable, Equatable {
    public let name: String
    public let uid: uid_t
    public let gid: gid_t
    public let home: String
    /// Whether children must switch to this account (the agent runs as root).
    public let switchesUser: Bool

    /// The account to run postgres as, for the current process.
    public static func forPostgres() throws(DatabaseError) -> SystemAccount {
        if geteuid() != 0 {
            let home = ProcessInfo.processInfo.environment["HOME"] ?? "/tmp"
            return SystemAccount(name: NSUserName(), uid: geteuid(), gid: getegid(), home: home, switchesUser: false)
        }
        guard let entry = getpwnam("postgres") else { throw .accountMissing("getpwnam(\"postgres\") found no such user") }
        let home = String(cString: entry.pointee.pw_dir)
        return SystemAccount(name: "postgres", uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid, home: home,
                             switchesUser: true)
    }

    /// The uid a spawned child should switch to, or -1 for none.
    var spawnUID: Int32 { switchesUser ? Int32(bitPattern: uid) : -1 }
    /// The gid a spawned child should switch to, or -1 for none.
    var spawnGID: Int32 { switchesUser ? Int32(bitPattern: gid) : -1 }

    /// Makes `path` owned by this account (when switching users); throws with the path named.
    func own(_ path: String) throws(DatabaseError) {
        guard switchesUser else { return }
        if chown(path, uid, gid) != 0 {
            throw .dataDirectoryUnwritable(path: path, reason: "chown to \(name) failed: \(String(cString: strerror(errno)))")
        }
    }
}
