/// Why a call to etcd failed: what happened, against which endpoint, and what to do.
public enum EtcdError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An endpoint URL is not `http://HOST:PORT` or `https://HOST:PORT`.
    case invalidEndpoint(String)
    /// No endpoint answered (each one's failure is listed).
    case unreachable([String])
    /// etcd answered with an error (gRPC code and message).
    case rejected(path: String, code: Int, message: String)
    /// The answer was not the JSON the v3 gateway sends.
    case malformed(path: String, detail: String)
    /// The lease is gone (expired or revoked): whatever was attached to it is deleted.
    case leaseExpired(Int64)
    /// The credentials file cannot be read or is not `USER:PASSWORD`.
    case credentials(String)

    public var description: String {
        switch self {
        case .invalidEndpoint(let text):
            "etcd endpoint '\(text)' is not http(s)://HOST:PORT; pass --dcs http://127.0.0.1:2379[,…]"
        case .unreachable(let failures):
            "no etcd endpoint answered (\(failures.joined(separator: "; "))); check that etcd runs and --dcs lists it"
        case .rejected(let path, let code, let message):
            "etcd refused \(path) (code \(code)): \(message)"
        case .malformed(let path, let detail):
            "etcd's answer to \(path) is not what the v3 JSON gateway sends: \(detail); is --dcs an etcd 3.4+ client URL?"
        case .leaseExpired(let id):
            "etcd lease \(id) expired or was revoked; keys under it are gone, grant a new lease"
        case .credentials(let why):
            "etcd credentials: \(why); the file holds one line USER:PASSWORD"
        }
    }
}
