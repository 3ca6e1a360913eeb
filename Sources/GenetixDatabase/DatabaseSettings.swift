/// Everything a database agent is configured with (from flags or the config file).
public struct DatabaseSettings: Sendable, Equatable {
    /// The node's name; also the replication slot and `application_name` it streams under (sanitised).
    public var name: String
    /// The PostgreSQL data directory.
    public var dataDirectory: String
    /// Address postgres listens on.
    public var listenHost: String = "127.0.0.1"
    public var port: Int = 5433
    /// `HOST:PORT` of the primary to clone from on first start (makes this node a replica).
    public var replicaOf: PeerEndpoint?
    /// The application database, its login role and the role's password (nil leaves the role without one).
    public var databaseName: String = "genetix"
    public var databaseUser: String = "genetix"
    public var databasePassword: String?
    /// Where application clients connect from (pg_hba), CIDR.
    public var clientNetwork: String = "127.0.0.1/32"
    /// Where replicas and pg_rewind connect from (pg_hba), CIDR.
    public var replicationNetwork: String = "127.0.0.1/32"
    /// The replication role and its password; a primary generates one when nil, a replica needs it.
    public var replicationUser: String = "replicator"
    public var replicationPassword: String?
    /// The other database agents (`name` → admin URL) and the operator token to call them with.
    public var peers: [PeerAddress] = []
    public var peerToken: String?
    /// The CA certificate (PEM) that `https://` peer admin URLs are verified against (nil: the system store).
    public var peerCAFile: String?
    /// A replica lagging more than this is degraded and emits `replication.lag_high`.
    public var lagThresholdBytes: Int64 = 16 << 20
    /// Where the PostgreSQL programs are (nil: found automatically).
    public var binDirectory: String?
    /// etcd high availability (`--dcs`); nil: roles change only by operator actions.
    public var ha: HASettings?

    public init(name: String, dataDirectory: String) {
        self.name = name
        self.dataDirectory = dataDirectory
    }

    /// The name as a replication slot / application name: lower case letters, digits and underscores.
    public var slotName: String {
        String(name.lowercased().map { ($0.isLetter && $0.isASCII) || ($0.isNumber && $0.isASCII) ? $0 : "_" })
    }

    /// Checks names that end up in SQL identifiers and conninfo strings.
    public func validate() throws(DatabaseError) {
        for (what, value) in [("--db-name", databaseName), ("--db-user", databaseUser), ("replication user", replicationUser)] {
            guard let first = value.first, first.isLetter || first == "_",
                  value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }), value.count < 64 else {
                throw .invalidSetting("\(what) '\(value)' must be letters, digits and underscores, starting with a letter")
            }
        }
        guard (1...65535).contains(port) else { throw .invalidSetting("port \(port) is out of range") }
        guard !name.isEmpty else { throw .invalidSetting("the node needs a --name") }
    }
}

/// `host:port` of a PostgreSQL server.
public struct PeerEndpoint: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT` (a bare `:PORT` means 127.0.0.1).
    public init(parsing text: String) throws(DatabaseError) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (1...65535).contains(port) else {
            throw .invalidSetting("'\(text)' is not HOST:PORT")
        }
        let host = String(text[..<colon])
        guard host.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == ":" }) else {
            throw .invalidSetting("'\(host)' is not a host name or address")
        }
        self.host = host.isEmpty ? "127.0.0.1" : host
        self.port = port
    }

    public var description: String { "\(host):\(port)" }
}

/// Another database agent: its node name and admin API base URL.
public struct PeerAddress: Sendable, Equatable {
    public var name: String
    public var adminURL: String
    public init(name: String, adminURL: String) {
        self.name = name
        self.adminURL = adminURL.hasSuffix("/") ? String(adminURL.dropLast()) : adminURL
    }

    /// Parses `NAME=URL`.
    public init(parsing text: String) throws(DatabaseError) {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
            throw .invalidSetting("peer '\(text)' is not NAME=ADMIN_URL")
        }
        let url = String(text[text.index(after: equals)...])
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw .invalidSetting("peer '\(text)': the admin URL must start with http:// or https://")
        }
        self.init(name: String(text[..<equals]), adminURL: url)
    }
}
