import Foundation
import GenetixCore
#if canImport(Glibc)
import Glibc
#endif

/// The role a data directory holds on disk.
public enum DataDirectoryState: String, Sendable, Equatable {
    /// Not initialised yet.
    case empty
    /// A cluster without `standby.signal`.
    case primary
    /// A cluster with `standby.signal`: starts as a streaming replica.
    case replica
}

/// Creates, checks and configures a node's data directory: initdb for a primary, pg_basebackup for a replica,
/// the cluster-wide settings, pg_hba and the replication connection settings.
struct DataDirectory: Sendable {
    let paths: DatabasePaths
    let account: SystemAccount
    let binaries: PostgresBinaries
    let settings: DatabaseSettings

    var tool: PostgresTool { PostgresTool(account: account, outputPath: paths.toolOutput) }

    /// What is on disk now.
    var state: DataDirectoryState {
        let fm = FileManager.default
        guard fm.fileExists(atPath: paths.dataDirectory + "/PG_VERSION") else { return .empty }
        return fm.fileExists(atPath: paths.standbySignal) ? .replica : .primary
    }

    /// Creates the data and private directories (0700, owned by the server's account) and checks that the
    /// account can write them. Throws `dataDirectoryUnwritable` naming the directory.
    func prepare() throws(DatabaseError) {
        for directory in [paths.dataDirectory, paths.privateDirectory, paths.socketDirectory] {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
                guard isDirectory.boolValue else {
                    throw .dataDirectoryUnwritable(path: directory, reason: "it exists and is not a directory")
                }
            } else {
                do {
                    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                            attributes: [.posixPermissions: 0o700])
                } catch {
                    throw .dataDirectoryUnwritable(path: directory, reason: "cannot create it (\(Self.reason(error)))")
                }
            }
            try account.own(directory)
            if chmod(directory, 0o700) != 0 {
                throw .dataDirectoryUnwritable(path: directory, reason: "chmod 0700 failed: \(String(cString: strerror(errno)))")
            }
            try checkWritable(directory)
        }
        let socket = paths.socketFile(port: settings.port)
        if socket.utf8.count > 100 {
            throw .invalidSetting("the socket path \(socket) is longer than 100 bytes; use a shorter --data path")
        }
    }

    /// Writes and removes a probe file as the server's account.
    private func checkWritable(_ directory: String) throws(DatabaseError) {
        if account.switchesUser {
            let status = spawnProbe(directory)
            if status != 0 {
                throw .dataDirectoryUnwritable(path: directory, reason: "the \(account.name) account cannot write or enter it")
            }
        } else if access(directory, W_OK | X_OK) != 0 {
            throw .dataDirectoryUnwritable(path: directory, reason: String(cString: strerror(errno)))
        }
    }

    private func spawnProbe(_ directory: String) -> Int32 {
        guard let pid = try? ChildSpawner.spawn("/usr/bin/test", ["-w", directory, "-a", "-x", directory],
                                                environment: ChildSpawner.environment(for: account), account: account,
                                                outputFD: -1, newProcessGroup: false, dieWithParent: true) else { return -1 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return ChildSpawner.exitCode(status)
    }

    /// `initdb` with data checksums, then the cluster settings and pg_hba.
    func initializePrimary() async throws(DatabaseError) {
        try await tool.run(binaries.initdb, [
            "-D", paths.dataDirectory, "--data-checksums", "-U", "postgres", "--auth-local=trust",
            "--auth-host=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8", "--no-instructions",
        ])
        try writeClusterSettings()
        try writeHBA()
    }

    /// `pg_basebackup -R -X stream -S SLOT` from `primary` into the (empty) data directory, then this node's
    /// replication settings. The slot must exist on the primary (see `ReplicationRole.ensureSlot`).
    func cloneReplica(from primary: PeerEndpoint) async throws(DatabaseError) {
        try removeContents(of: paths.dataDirectory)
        try writePassFile()
        try await tool.run(binaries.basebackup, [
            "-D", paths.dataDirectory, "-R", "-X", "stream", "-S", settings.slotName, "--checkpoint=fast",
            "-d", replicationConninfo(to: primary, database: nil),
        ])
        chmod(paths.dataDirectory, 0o700)
        try configureAsReplica(of: primary)
    }

    /// Makes a stopped data directory start as a replica of `primary`: standby.signal, primary_conninfo,
    /// primary_slot_name; clears a fence.
    func configureAsReplica(of primary: PeerEndpoint) throws(DatabaseError) {
        try writePassFile()
        var conf = AutoConfFile(path: paths.autoConf)
        conf.set("primary_conninfo", replicationConninfo(to: primary, database: nil, applicationName: settings.slotName))
        conf.set("primary_slot_name", settings.slotName)
        conf.remove("default_transaction_read_only")
        try conf.write(account: account)
        if !FileManager.default.createFile(atPath: paths.standbySignal, contents: Data()) {
            throw .dataDirectoryUnwritable(path: paths.standbySignal, reason: "cannot create it")
        }
        try account.own(paths.standbySignal)
    }

    /// Makes a stopped data directory start as a standby without a primary to follow (read-only in recovery);
    /// clears a fence, which a standby does not need.
    func markStandby() throws(DatabaseError) {
        var conf = AutoConfFile(path: paths.autoConf)
        conf.remove("default_transaction_read_only")
        try conf.write(account: account)
        if !FileManager.default.fileExists(atPath: paths.standbySignal) {
            guard FileManager.default.createFile(atPath: paths.standbySignal, contents: Data()) else {
                throw .dataDirectoryUnwritable(path: paths.standbySignal, reason: "cannot create it")
            }
            try account.own(paths.standbySignal)
        }
    }

    /// Renames the data directory to `DATA.aside-YYYYmmddTHHMMSS` (never deleting anything) and recreates it empty;
    /// returns the new name of the old directory.
    func moveAside() throws(DatabaseError) -> String {
        let stamp = GenetixJSON.format(Date()).replacingOccurrences(of: ":", with: "").replacingOccurrences(of: "-", with: "")
        var target = paths.dataDirectory + ".aside-" + stamp
        var n = 1
        while FileManager.default.fileExists(atPath: target) { target = paths.dataDirectory + ".aside-\(stamp)-\(n)"; n += 1 }
        if rename(paths.dataDirectory, target) != 0 {
            throw .dataDirectoryUnwritable(path: paths.dataDirectory, reason: "cannot move it aside to \(target): \(String(cString: strerror(errno)))")
        }
        try prepare()
        return target
    }

    /// The conninfo a replica (or pg_rewind, with `database`) uses to reach `primary` as the replication role.
    func replicationConninfo(to primary: PeerEndpoint, database: String?, applicationName: String? = nil) -> String {
        var parts = ["host=\(primary.host)", "port=\(primary.port)", "user=\(settings.replicationUser)",
                     "passfile=\(paths.passFile)", "connect_timeout=5"]
        if let database { parts.append("dbname=\(database)") }
        if let applicationName { parts.append("application_name=\(applicationName)") }
        return parts.joined(separator: " ")
    }

    /// Writes the libpq password file holding the replication password (0600, owned by the server's account).
    func writePassFile() throws(DatabaseError) {
        guard let password = settings.replicationPassword else {
            throw .invalidSetting("no replication password: pass --replication-password-file (the same file on every database node)")
        }
        let escaped = password.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ":", with: "\\:")
        try writeSecret("*:*:*:\(settings.replicationUser):\(escaped)\n", to: paths.passFile)
    }

    /// Writes `text` to `path` with mode 0600, owned by the server's account.
    func writeSecret(_ text: String, to path: String) throws(DatabaseError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        if fd < 0 { throw .dataDirectoryUnwritable(path: path, reason: String(cString: strerror(errno))) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        fchmod(fd, 0o600)
        close(fd)
        if written != bytes.count { throw .dataDirectoryUnwritable(path: path, reason: "short write") }
        try account.own(path)
    }

    /// The settings every node of the cluster shares (written once by initdb's node, copied by base backups).
    /// Node-specific ones (port, listen address, socket directory) are passed on postgres's command line instead,
    /// because pg_basebackup and pg_rewind copy this file between nodes.
    private func writeClusterSettings() throws(DatabaseError) {
        var conf = AutoConfFile(path: paths.autoConf)
        let cluster: [(String, String)] = [
            ("wal_level", "replica"), ("hot_standby", "on"), ("wal_log_hints", "on"), ("max_wal_senders", "10"),
            ("max_replication_slots", "10"), ("wal_keep_size", "128MB"), ("hot_standby_feedback", "on"),
            ("password_encryption", "scram-sha-256"), ("wal_retrieve_retry_interval", "500ms"),
            ("wal_receiver_status_interval", "1s"), ("logging_collector", "off"), ("log_destination", "stderr"),
            ("log_line_prefix", "%m [%p] "), ("recovery_target_timeline", "latest"), ("shared_buffers", "32MB"),
            ("max_connections", "100"),
        ]
        for (name, value) in cluster { conf.set(name, value) }
        try conf.write(account: account)
    }

    /// pg_hba: local trust on the private socket (the agent), SCRAM for replication and pg_rewind from the
    /// replication network, SCRAM for the application role from the client network.
    private func writeHBA() throws(DatabaseError) {
        let r = settings.replicationUser
        let text = """
            # Written by genetix database. The unix socket directory is private (0700) to the server's account.
            local   all             all                                     trust
            host    replication     \(r)    \(settings.replicationNetwork)    scram-sha-256
            host    postgres        \(r)    \(settings.replicationNetwork)    scram-sha-256
            host    \(settings.databaseName)    \(settings.databaseUser)    \(settings.clientNetwork)    scram-sha-256

            """
        do { try text.write(toFile: paths.hbaConf, atomically: true, encoding: .utf8) } catch {
            throw .dataDirectoryUnwritable(path: paths.hbaConf, reason: Self.reason(error))
        }
        chmod(paths.hbaConf, 0o600)
        try account.own(paths.hbaConf)
    }

    /// Empties a directory (before a fresh base backup).
    func removeContents(of directory: String) throws(DatabaseError) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names {
            do { try FileManager.default.removeItem(atPath: directory + "/" + name) } catch {
                throw .dataDirectoryUnwritable(path: directory, reason: "cannot remove \(name): \(Self.reason(error))")
            }
        }
    }

    private static func reason(_ error: any Error) -> String {
        if let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return (error as NSError).localizedDescription
    }
}
