import Foundation
import GenetixCrypto

/// The webapp's keys, read from `--secrets FILE` (`{"codeKey": "64 hex digits", "indexKey": "64 hex digits"}`).
/// They never go to the database.
public struct AppSecrets: Sendable {
    /// AES-256-GCM key sealing registration codes at rest.
    public let codeKey: [UInt8]
    /// HMAC-SHA256 key of the registration codes' blind index (and the report seed).
    public let indexKey: [UInt8]

    public init(codeKey: [UInt8], indexKey: [UInt8]) {
        self.codeKey = codeKey
        self.indexKey = indexKey
    }

    /// Reads and checks the secrets file.
    public static func load(path: String) throws(AppSecretsError) -> AppSecrets {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path: path) }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { throw .notJSON(path: path) }
        for key in object.keys.sorted() where key != "codeKey" && key != "indexKey" {
            throw .unknownKey(path: path, key: key)
        }
        func key(_ name: String) throws(AppSecretsError) -> [UInt8] {
            guard let text = object[name] as? String else { throw .missingKey(path: path, key: name) }
            guard text.count == 64, let bytes = try? Hex.decode(text), bytes.count == 32 else {
                throw .badKey(path: path, key: name)
            }
            return bytes
        }
        let secrets = AppSecrets(codeKey: try key("codeKey"), indexKey: try key("indexKey"))
        guard secrets.codeKey != secrets.indexKey else { throw .sameKeys(path: path) }
        return secrets
    }

    /// Fresh random keys as the JSON a secrets file holds (for setup scripts and tests).
    public static func generateFileContents() -> String {
        "{\"codeKey\": \"\(Hex.encode(SecureRandom.bytes(32)))\", \"indexKey\": \"\(Hex.encode(SecureRandom.bytes(32)))\"}\n"
    }
}

/// Why the secrets file cannot be used; the node refuses to start.
public enum AppSecretsError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(path: String)
    case notJSON(path: String)
    case missingKey(path: String, key: String)
    case badKey(path: String, key: String)
    case unknownKey(path: String, key: String)
    case sameKeys(path: String)

    public var description: String {
        switch self {
        case .unreadable(let p):
            "cannot read the secrets file \(p) — create it with {\"codeKey\": \"<64 hex>\", \"indexKey\": \"<64 hex>\"} and pass it with --secrets"
        case .notJSON(let p): "the secrets file \(p) is not a JSON object — expected {\"codeKey\": …, \"indexKey\": …}"
        case .missingKey(let p, let k): "the secrets file \(p) has no \"\(k)\" — add 64 hex digits (32 random bytes)"
        case .badKey(let p, let k): "\"\(k)\" in the secrets file \(p) must be exactly 64 hex digits (32 bytes)"
        case .unknownKey(let p, let k): "unknown key \"\(k)\" in the secrets file \(p) — only codeKey and indexKey are allowed"
        case .sameKeys(let p): "codeKey and indexKey in \(p) are equal — use two independent random keys"
        }
    }
}
