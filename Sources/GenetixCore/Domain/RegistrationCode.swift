/// A kit registration code: 11 Crockford base-32 symbols (55 bits) plus Crockford's mod-37 check symbol, shown as
/// `XXXX-XXXX-XXXX`. Parsing ignores hyphens and case and maps I/L to 1 and O to 0, as Crockford specifies. The
/// webapp checks customers' codes with it; the load generator makes its codes with it.
public struct RegistrationCode: Sendable, Hashable, CustomStringConvertible {
    /// The 12 canonical symbols (upper case, no hyphens), check symbol last.
    public let normalized: String

    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    static let checkAlphabet = alphabet + Array("*~$=U")

    /// Parses user input; throws naming what is wrong. Only ASCII can be a symbol: anything else (ß, ligatures,
    /// combining marks, bidirectional controls, NUL) is a `badSymbol`, never case-mapped.
    public init(parsing text: String) throws(RegistrationCodeError) {
        var symbols: [Character] = []
        for ch in text where ch != "-" && ch != " " {
            guard let canonical = Self.canonical(ch) else { throw .badSymbol(ch) }
            symbols.append(canonical)
            guard symbols.count <= 12 else { throw .wrongLength(symbols.count) }
        }
        guard symbols.count == 12 else { throw .wrongLength(symbols.count) }
        var value: UInt64 = 0
        for ch in symbols.prefix(11) {
            guard let digit = Self.alphabet.firstIndex(of: ch) else { throw .badSymbol(ch) }
            value = value << 5 | UInt64(digit)
        }
        guard let check = Self.checkAlphabet.firstIndex(of: symbols[11]) else { throw .badSymbol(symbols[11]) }
        guard UInt64(check) == value % 37 else { throw .badCheck }
        normalized = String(symbols)
    }

    /// A random code with a correct check symbol, from the system's cryptographic generator
    /// (`SystemRandomNumberGenerator`: getrandom(2) on Linux).
    public static func random() -> RegistrationCode {
        var generator = SystemRandomNumberGenerator()
        return RegistrationCode(value: generator.next() & ((1 << 55) - 1))
    }

    /// The code for a 55-bit value.
    public init(value: UInt64) {
        var symbols: [Character] = []
        for shift in stride(from: 50, through: 0, by: -5) { symbols.append(Self.alphabet[Int(value >> UInt64(shift) & 31)]) }
        symbols.append(Self.checkAlphabet[Int(value % 37)])
        normalized = String(symbols)
    }

    /// `XXXX-XXXX-XXXX`.
    public var display: String {
        let s = Array(normalized)
        return String(s[0..<4]) + "-" + String(s[4..<8]) + "-" + String(s[8..<12])
    }

    public var description: String { display }

    /// The symbol a typed character stands for (upper case, I/L → 1, O → 0); nil for anything but one ASCII
    /// printable character. Case-mapping is ASCII only: `"ß".uppercased()` is two characters.
    private static func canonical(_ ch: Character) -> Character? {
        guard let ascii = ch.asciiValue, ch.unicodeScalars.count == 1 else { return nil }
        let upper = ascii >= UInt8(ascii: "a") && ascii <= UInt8(ascii: "z") ? ascii - 32 : ascii
        switch upper {
        case UInt8(ascii: "I"), UInt8(ascii: "L"): return "1"
        case UInt8(ascii: "O"): return "0"
        case 0x21...0x7E: return Character(Unicode.Scalar(upper))   // printable: the alphabets decide (check symbols *~$=)
        default: return nil
        }
    }
}

/// Why a registration code was refused (each answers 400 naming the `code` field).
public enum RegistrationCodeError: Error, Sendable, Equatable, CustomStringConvertible {
    case wrongLength(Int)
    case badSymbol(Character)
    case badCheck

    public var description: String {
        switch self {
        case .wrongLength(let n): "a registration code has 12 symbols (XXXX-XXXX-XXXX); this one has \(n)"
        case .badSymbol(let c):
            "'\(c.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F ? String($0) : "U+" + String($0.value, radix: 16, uppercase: true) }.joined())' "
                + "is not a symbol of a registration code (Crockford base 32: digits and letters A-Z)"
        case .badCheck: "the check symbol does not match — the code was mistyped; compare it with the kit's label"
        }
    }
}
