/// One key as etcd stores it, with its revisions and the lease it is attached to (0: none).
public struct EtcdKeyValue: Sendable, Equatable {
    public var key: String
    public var value: [UInt8]
    public var createRevision: Int64
    public var modRevision: Int64
    public var version: Int64
    public var lease: Int64

    public init(key: String, value: [UInt8], createRevision: Int64 = 0, modRevision: Int64 = 0, version: Int64 = 0, lease: Int64 = 0) {
        self.key = key
        self.value = value
        self.createRevision = createRevision
        self.modRevision = modRevision
        self.version = version
        self.lease = lease
    }

    /// The value as UTF-8 text.
    public var text: String { String(decoding: value, as: UTF8.self) }
}

/// One comparison of a transaction (`If` part): a key's value, version or revision against a constant.
public struct EtcdCompare: Sendable, Equatable {
    /// What is compared.
    public enum Target: String, Sendable { case value = "VALUE", version = "VERSION", createRevision = "CREATE", modRevision = "MOD", lease = "LEASE" }
    /// How.
    public enum Relation: String, Sendable { case equal = "EQUAL", notEqual = "NOT_EQUAL", greater = "GREATER", less = "LESS" }

    public var key: String
    public var target: Target
    public var relation: Relation
    public var number: Int64
    public var bytes: [UInt8]

    /// `key`'s value equals `value`.
    public static func value(_ key: String, equals value: String) -> EtcdCompare {
        EtcdCompare(key: key, target: .value, relation: .equal, number: 0, bytes: Array(value.utf8))
    }

    /// `key` does not exist (its create revision is 0).
    public static func absent(_ key: String) -> EtcdCompare {
        EtcdCompare(key: key, target: .createRevision, relation: .equal, number: 0, bytes: [])
    }

    /// `key` was last modified at `revision`.
    public static func modRevision(_ key: String, equals revision: Int64) -> EtcdCompare {
        EtcdCompare(key: key, target: .modRevision, relation: .equal, number: revision, bytes: [])
    }

    /// `key` is attached to `lease`.
    public static func lease(_ key: String, equals lease: Int64) -> EtcdCompare {
        EtcdCompare(key: key, target: .lease, relation: .equal, number: lease, bytes: [])
    }
}

/// One operation of a transaction (`Then` / `Else` part).
public enum EtcdOperation: Sendable, Equatable {
    case put(key: String, value: String, lease: Int64)
    case delete(key: String)
    case range(key: String)
}

/// The outcome of a transaction: which branch ran, the store's revision, and the keys its range operations read.
public struct EtcdTransactionResult: Sendable, Equatable {
    public var succeeded: Bool
    public var revision: Int64
    public var ranges: [[EtcdKeyValue]]
}
