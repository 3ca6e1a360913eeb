import Foundation
import GenetixCore
import GenetixTesting
import Testing

/// Fixed-point text through vsnprintf, checked against Foundation's `String(format:)` (the same C rules).
@Suite struct NumberTextTests {
    @Test func fixedMatchesStringFormatOnRandomValues() {
        var generator = SeededGenerator(seed: 21)  // fixed: a CI run repeats exactly
        for _ in 0..<3000 {
            let value = Double.random(in: -1e7...1e7, using: &generator) / pow(10, Double(Int.random(in: 0...6, using: &generator)))
            for digits in 0...3 {
                #expect(NumberText.fixed(value, digits) == String(format: "%.\(digits)f", value), "\(value) \(digits)")
            }
        }
    }

    @Test func fixedRoundsHalfToEvenLikePrintf() {
        #expect(NumberText.fixed(2.5, 0) == "2")
        #expect(NumberText.fixed(3.5, 0) == "4")
        #expect(NumberText.fixed(0.125, 2) == "0.12")
        #expect(NumberText.fixed(-0.04, 1) == "-0.0")
    }

    @Test func fixedHandlesHugeAndSpecialValues() {
        // 1e300 needs 303 characters: more than the first 64-byte buffer.
        #expect(NumberText.fixed(1e300, 1).count == 303)
        #expect(NumberText.fixed(1e300, 1) == String(format: "%.1f", 1e300))
        #expect(NumberText.fixed(.infinity, 2) == "inf")
        #expect(NumberText.fixed(.nan, 2) == "nan")
    }

    @Test func paddedPadsWithZerosAfterTheSign() {
        #expect(NumberText.padded(7, 2) == "07")
        #expect(NumberText.padded(123, 2) == "123")
        #expect(NumberText.padded(0, 3) == "000")
        #expect(NumberText.padded(-5, 3) == "-005")
        #expect(NumberText.padded(Int.min, 1) == "-9223372036854775808")
    }

    @Test func decimalsAppendAfterWhatTheBufferHoldsAndLeaveItAlone() {
        for value in [0, 7, 10, 99, 12_345, -1, -908, Int.max, Int.min + 1] {
            var out = Array("key=".utf8)
            NumberText.appendDecimal(value, to: &out)
            #expect(String(decoding: out, as: UTF8.self) == "key=\(value)")
        }
    }

    /// The one digit writer: every radix the project writes (2, 10, 16, 36 and the rest), at every digit count, against
    /// Swift's own text of the number.
    @Test func digitsInEveryRadixAreSwiftsText() {
        for radix in 2...36 {
            var values: [UInt64] = [0, 1, UInt64(radix) - 1, UInt64(radix), UInt64.max - 1, UInt64.max]
            var power: UInt64 = 1
            while power <= UInt64.max / UInt64(radix) {
                power *= UInt64(radix)
                values += [power - 1, power, power + 1]
            }
            for value in values {
                var out = Array("x=".utf8)
                NumberText.appendDigits(value, radix: UInt64(radix), to: &out)
                #expect(out == Array("x=\(String(value, radix: radix))".utf8), "\(value) in radix \(radix)")
            }
        }
    }
}
