/// How to run a one-member etcd on loopback (for `genetix up` and tests): its name, data directory and ports, and
/// the command line that starts it. Debian's `etcd-server` installs `/usr/bin/etcd`.
public struct EtcdMember: Sendable, Equatable {
    public var name: String
    public var dataDirectory: String
    public var host: String
    public var clientPort: Int
    public var peerPort: Int
    /// The etcd program.
    public var executable: String

    public init(name: String = "genetix-etcd", dataDirectory: String, host: String = "127.0.0.1", clientPort: Int, peerPort: Int,
                executable: String = EtcdMember.defaultExecutable) {
        self.name = name
        self.dataDirectory = dataDirectory
        self.host = host
        self.clientPort = clientPort
        self.peerPort = peerPort
        self.executable = executable
    }

    /// `/usr/bin/etcd` (Debian's etcd-server).
    public static let defaultExecutable = "/usr/bin/etcd"

    /// The client URL to pass as `--dcs`.
    public var clientURL: String { "http://\(host):\(clientPort)" }

    /// The command-line arguments (a new single-member cluster; snapshots small, so a local member stays light).
    public var arguments: [String] {
        let peer = "http://\(host):\(peerPort)"
        return [
            "--name", name, "--data-dir", dataDirectory,
            "--listen-client-urls", clientURL, "--advertise-client-urls", clientURL,
            "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
            "--initial-cluster", "\(name)=\(peer)", "--initial-cluster-state", "new",
            "--snapshot-count", "10000", "--log-level", "warn", "--logger", "zap",
        ]
    }
}
