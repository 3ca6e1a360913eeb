import Foundation
import GenetixAdmin
import GenetixCore
import GenetixCrypto
import GenetixNet

/// The state directory of a local cluster (`.genetix/` by default): tokens, secrets, certificate, data, logs, the
/// process table and the console configuration. Secrets are written with mode 0600 and kept across runs, so a
/// restarted cluster finds its data readable.
///
/// PostgreSQL data normally lives in `data/` inside it. When the cluster runs as root and the `postgres` account
/// cannot pass through a folder above the state directory (a checkout under `/root`, a `mktemp -d` folder), the data
/// goes to `/var/lib/genetix/clusters/NAME-HASH` instead, a folder that account can reach; `dataRootReason` says why.
public struct StateDirectory: Sendable, Equatable {
    public let path: String
    /// The folder holding one data directory per database node.
    public let dataRoot: String
    /// Why `dataRoot` is not inside the state directory (nil when it is).
    public let dataRootReason: String?

    /// Where data goes when the state directory is out of the postgres account's reach.
    public static let sharedDataFolder = "/var/lib/genetix/clusters"

    /// A state directory at `path` (made absolute against the working directory).
    public init(path: String) {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        self.path = URL(fileURLWithPath: absolute).standardizedFileURL.path
        if geteuid() == 0, let account = PostgresReachability.postgresAccount(),
           // The state directory itself is made searchable by `prepare()`; only the folders above it can block.
           let blocked = PostgresReachability.firstBlockingFolder(above: (self.path as NSString).deletingLastPathComponent,
                                                                 account: account) {
            let name = URL(fileURLWithPath: self.path).deletingLastPathComponent().lastPathComponent
            let hash = Hex.encode(Array(SHA256.hash(self.path).prefix(4)))
            dataRoot = Self.sharedDataFolder + "/" + (name.isEmpty ? "cluster" : name) + "-" + hash
            dataRootReason = "the postgres account cannot enter \(blocked.folder) (mode 0\(String(blocked.mode, radix: 8)))"
        } else {
            dataRoot = self.path + "/data"
            dataRootReason = nil
        }
    }

    public var tokensFile: String { path + "/tokens.json" }
    public var secretsFile: String { path + "/secrets.json" }
    public var databasePasswordFile: String { path + "/db-password" }
    public var replicationPasswordFile: String { path + "/replication-password" }
    public var certificateFile: String { path + "/tls/cert.pem" }
    public var privateKeyFile: String { path + "/tls/key.pem" }
    public var processFile: String { path + "/pids.json" }
    public var consoleConfigFile: String { path + "/config.json" }
    public var logsDirectory: String { path + "/logs" }
    public func tokenFile(_ name: String) -> String { path + "/\(name).token" }
    public func dataDirectory(_ node: String) -> String { dataRoot + "/\(node)" }
    public func logFile(_ name: String) -> String { logsDirectory + "/\(name).log" }

    /// The token names `prepare` creates: `operator` and `viewer` for people, `balancer` (viewer) for discovery,
    /// `peer` (operator) for database nodes fencing each other.
    public static let tokenNames: [(String, AdminRole)] = [("operator", .operator), ("viewer", .viewer), ("balancer", .viewer), ("peer", .operator)]

    /// Creates the folders and whatever secret is missing: tokens, app secrets, database password, certificate.
    public func prepare() throws(OperationError) {
        do {
            let fm = FileManager.default
            for dir in [path, logsDirectory, dataRoot, path + "/tls"] {
                try fm.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            }
            if dataRootReason != nil {
                for dir in ["/var/lib/genetix", Self.sharedDataFolder] { chmod(dir, 0o711) }
            }
            if !fm.fileExists(atPath: tokensFile) {
                let tokens = Self.tokenNames.map { AdminToken.generate(name: $0.0, role: $0.1) }
                try AdminTokenFile.write(tokens, to: tokensFile)
                for token in tokens { try Self.writeSecret(token.secret + "\n", to: tokenFile(token.name)) }
            }
            if !fm.fileExists(atPath: secretsFile) {
                let secrets: JSONValue = .object(["codeKey": .string(Hex.encode(SecureRandom.bytes(32))),
                                                  "indexKey": .string(Hex.encode(SecureRandom.bytes(32)))])
                try Self.writeSecret(String(decoding: GenetixJSON.encode(secrets, pretty: true), as: UTF8.self) + "\n", to: secretsFile)
            }
            for file in [databasePasswordFile, replicationPasswordFile] where !fm.fileExists(atPath: file) {
                try Self.writeSecret(SecureRandom.token(bytes: 18) + "\n", to: file)
            }
            // PostgreSQL runs as the postgres account when we are root: it must be able to pass through to its data folder.
            chmod(path, 0o711)
            chmod(dataRoot, 0o711)
            if !fm.fileExists(atPath: certificateFile) || !fm.fileExists(atPath: privateKeyFile) {
                let certificate = try SelfSignedCertificate.generate()
                _ = try certificate.write(to: URL(fileURLWithPath: path + "/tls", isDirectory: true))
            }
        } catch let error as OperationError {
            throw error
        } catch {
            throw .notPossible("cannot prepare the state directory \(path): \(error)")
        }
    }

    static func writeSecret(_ text: String, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw OperationError.notPossible("cannot write \(path)")
        }
        chmod(path, 0o600)
    }
}
