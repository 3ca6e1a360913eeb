import GenetixCrypto

/// Kit registration codes: 11 Crockford base32 symbols and a Crockford mod-37 check symbol.
public enum RegistrationCode {
    /// The Crockford base32 alphabet (no I, L, O, U).
    public static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    /// Check symbols: the alphabet and `*~$=U` for values 32…36.
    public static let checkAlphabet = alphabet + Array("*~$=U")

    /// The check symbol of 11 symbols (their base-32 value mod 37); nil when a symbol is not in the alphabet.
    public static func checkSymbol(_ body: String) -> Character? {
        var value: UInt64 = 0
        for c in body.uppercased() {
            guard let digit = alphabet.firstIndex(of: c) else { return nil }
            value = value * 32 + UInt64(digit)
        }
        return checkAlphabet[Int(value % 37)]
    }

    /// A random valid 12-symbol code.
    public static func random() -> String {
        let bytes = SecureRandom.bytes(11)
        let body = String(bytes.map { alphabet[Int($0) % 32] })
        return body + String(checkSymbol(body)!)
    }

    /// Whether a 12-symbol code carries the right check symbol.
    public static func isValid(_ code: String) -> Bool {
        guard code.count == 12 else { return false }
        return checkSymbol(String(code.prefix(11))) == code.uppercased().last
    }
}
