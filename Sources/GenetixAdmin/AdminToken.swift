import Foundation
import GenetixCrypto

/// What a token may do: `viewer` reads (GET), `operator` also runs actions.
public enum AdminRole: String, Codable, Sendable, Comparable {
    case viewer, `operator`
    public static func < (a: AdminRole, b: AdminRole) -> Bool { a == .viewer && b == .operator }
}

/// One admin API credential: a name (written to the audit log), a role and a secret.
public struct AdminToken: Codable, Sendable, Equatable {
    public var name: String
    public var role: AdminRole
    public var secret: String

    public init(name: String, role: AdminRole, secret: String) {
        self.name = name
        self.role = role
        self.secret = secret
    }

    /// A fresh token with 256 random bits.
    public static func generate(name: String, role: AdminRole) -> AdminToken {
        AdminToken(name: name, role: role, secret: SecureRandom.token(bytes: 32))
    }
}

/// Reads `--admin-tokens FILE`: a JSON list `[{"name": "...", "role": "viewer"|"operator", "secret": "..."}]`.
public enum AdminTokenFile {
    /// Loads and checks the file; every problem names the file and the entry.
    public static func load(_ path: String) throws(AdminTokenError) -> [AdminToken] {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .unreadable(path, (error as NSError).localizedDescription)
        }
        let raw: [[String: JSONLiteral]]
        do { raw = try JSONDecoder().decode([[String: JSONLiteral]].self, from: data) } catch {
            throw .malformed(path, "expected a JSON list of {\"name\", \"role\", \"secret\"} objects")
        }
        var tokens: [AdminToken] = []
        for (i, entry) in raw.enumerated() {
            for key in entry.keys where !["name", "role", "secret"].contains(key) {
                throw .malformed(path, "entry \(i): unknown key '\(key)' (expected name, role, secret)")
            }
            guard case .string(let name)? = entry["name"], !name.isEmpty else { throw .malformed(path, "entry \(i): 'name' must be a non-empty string") }
            guard case .string(let roleText)? = entry["role"], let role = AdminRole(rawValue: roleText) else {
                throw .malformed(path, "entry \(i) (\(name)): 'role' must be \"viewer\" or \"operator\"")
            }
            guard case .string(let secret)? = entry["secret"], secret.utf8.count >= 16 else {
                throw .malformed(path, "entry \(i) (\(name)): 'secret' must be a string of at least 16 characters")
            }
            if tokens.contains(where: { $0.name == name }) { throw .malformed(path, "entry \(i): the name '\(name)' is used twice") }
            tokens.append(AdminToken(name: name, role: role, secret: secret))
        }
        if tokens.isEmpty { throw .malformed(path, "the list is empty: add at least one token") }
        return tokens
    }

    /// Writes tokens to `path` with mode 0600.
    public static func write(_ tokens: [AdminToken], to path: String) throws {
        let data = try JSONEncoder().encode(tokens)
        FileManager.default.createFile(atPath: path, contents: data, attributes: [.posixPermissions: 0o600])
    }

    enum JSONLiteral: Decodable {
        case string(String), other
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let s = try? c.decode(String.self) { self = .string(s) } else { self = .other }
        }
    }
}

/// Why a tokens file cannot be used.
public enum AdminTokenError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(String, String)
    case malformed(String, String)
    public var description: String {
        switch self {
        case .unreadable(let path, let why): "cannot read admin tokens file \(path): \(why)"
        case .malformed(let path, let why): "admin tokens file \(path): \(why)"
        }
    }
}
