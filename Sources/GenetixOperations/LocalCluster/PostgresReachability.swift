import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Whether the `postgres` account can walk down to a folder, for a cluster started as root.
///
/// PostgreSQL refuses to run as root, so a root `genetix up` runs it as `postgres`; that account needs search (x)
/// permission on every folder above its data directory. A checkout under `/root` or a `mktemp -d` folder (mode
/// 0700) denies it, and initdb then fails with "could not change directory". This type finds the first such folder.
public enum PostgresReachability {
    /// The postgres account's uid and gid, or nil when it does not exist.
    public static func postgresAccount() -> (uid: uid_t, gid: gid_t)? {
        guard let entry = getpwnam("postgres") else { return nil }
        return (entry.pointee.pw_uid, entry.pointee.pw_gid)
    }

    /// The first folder at or above `path` that `account` cannot search, with its mode; nil when all can be passed.
    /// Folders that do not exist yet are skipped (they are created later, with modes we choose).
    public static func firstBlockingFolder(above path: String, account: (uid: uid_t, gid: gid_t)) -> (folder: String, mode: mode_t)? {
        var folders: [String] = []
        var current = URL(fileURLWithPath: path).standardizedFileURL.path
        while true {
            folders.append(current)
            guard current != "/" else { break }
            current = (current as NSString).deletingLastPathComponent
            if current.isEmpty { current = "/" }
        }
        for folder in folders.reversed() {
            var info = stat()
            guard stat(folder, &info) == 0 else { continue }
            let mode = info.st_mode & 0o7777
            let searchable: Bool
            if info.st_uid == account.uid {
                searchable = mode & 0o100 != 0
            } else if info.st_gid == account.gid {
                searchable = mode & 0o010 != 0
            } else {
                searchable = mode & 0o001 != 0
            }
            if !searchable { return (folder, mode) }
        }
        return nil
    }
}
