/// Numeric options with the range their command accepts: `--workers 1e19`, `--target -0` or `--min 1.5` is a usage
/// error (exit 64) naming the option and the range, never a trap or an absurd setting further on.
extension ParsedArguments {
    /// The value of an option as an integer in `range` (decimal digits with an optional sign; no `-0`, no exponent).
    public func int(_ long: String, in range: ClosedRange<Int>) throws(CommandLineError) -> Int {
        try checkedInt(try string(long), for: long, in: range)
    }

    /// The value of an option as an integer in `range`, or nil when neither given nor defaulted.
    public func optionalInt(_ long: String, in range: ClosedRange<Int>) throws(CommandLineError) -> Int? {
        guard let text = try optionalString(long) else { return nil }
        return try checkedInt(text, for: long, in: range)
    }

    /// The value of an option as a decimal number in `range` (not `-0`, `nan`, `inf`, hexadecimal, or below 1e-6 unless 0).
    public func double(_ long: String, in range: ClosedRange<Double>) throws(CommandLineError) -> Double {
        try checkedDouble(try string(long), for: long, in: range)
    }

    /// The value of an option as a number in `range`, or nil when neither given nor defaulted.
    public func optionalDouble(_ long: String, in range: ClosedRange<Double>) throws(CommandLineError) -> Double? {
        guard let text = try optionalString(long) else { return nil }
        return try checkedDouble(text, for: long, in: range)
    }

    private func checkedInt(_ text: String, for long: String, in range: ClosedRange<Int>) throws(CommandLineError) -> Int {
        let digits = text.first == "-" || text.first == "+" ? text.dropFirst() : Substring(text)
        let isDecimal = !digits.isEmpty && digits.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        guard isDecimal, text != "-0", let value = Int(text), range.contains(value) else {
            throw .invalidValue(text, for: "--" + long, expected: "an integer from \(range.lowerBound) to \(range.upperBound)", command: commandName)
        }
        return value
    }

    private func checkedDouble(_ text: String, for long: String, in range: ClosedRange<Double>) throws(CommandLineError) -> Double {
        let expected = "a number from \(Self.numberText(range.lowerBound)) to \(Self.numberText(range.upperBound))"
        // Decimal notation only: Double(_:) would also take "nan", "inf" and hexadecimal floats ("0x1p3").
        let decimal = !text.isEmpty && text.utf8.allSatisfy { ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || "+-.eE".utf8.contains($0) }
        guard decimal, let value = Double(text), value.isFinite, !(value == 0 && value.sign == .minus),
              value == 0 || value.magnitude >= 1e-6, range.contains(value) else {
            throw .invalidValue(text, for: "--" + long, expected: expected, command: commandName)
        }
        return value
    }

    private static func numberText(_ n: Double) -> String {
        n.rounded() == n && n.magnitude < 1e15 ? String(Int64(n)) : "\(n)"
    }
}
