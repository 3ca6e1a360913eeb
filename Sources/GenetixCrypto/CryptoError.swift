/// A failure of a cryptographic operation: bad input, a failed integrity check, or a library call that refused.
public enum CryptoError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A key had the wrong length for the algorithm.
    case invalidKeyLength(algorithm: String, expected: Int, actual: Int)
    /// An AES-GCM message was too short to hold a nonce and a tag.
    case sealedMessageTooShort(length: Int, minimum: Int)
    /// The AES-GCM tag did not verify: the message, its associated data or the key is wrong, or the message was altered.
    case authenticationFailed
    /// A hexadecimal string had an odd length or a character outside 0-9, a-f, A-F.
    case invalidHex(String)
    /// A password contained a NUL byte, which the crypt(3) interface cannot represent.
    case passwordContainsNUL
    /// An OpenSSL or libcrypt call failed.
    case libraryFailure(call: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidKeyLength(algorithm, expected, actual):
            return "\(algorithm) key is \(actual) bytes, expected \(expected): supply a key of exactly \(expected) bytes (e.g. SecureRandom.bytes(\(expected)))"
        case let .sealedMessageTooShort(length, minimum):
            return "sealed message is \(length) bytes, shorter than the \(minimum)-byte minimum (nonce + tag): the data is truncated or not an AES-GCM message"
        case .authenticationFailed:
            return "AES-GCM authentication failed: the message was altered, or the key or associated data differ from the ones used to seal it"
        case let .invalidHex(text):
            let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
            return "invalid hexadecimal string \"\(shown)\": expected an even number of characters 0-9, a-f"
        case .passwordContainsNUL:
            return "password contains a NUL byte, which password hashing cannot represent: remove it"
        case let .libraryFailure(call, reason):
            return "\(call) failed: \(reason)"
        }
    }
}
