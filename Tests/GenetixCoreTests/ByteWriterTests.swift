import Foundation
import GenetixCore
import Testing

/// The log writer's byte buffer: every append kind, growth from the smallest size, and numbers against Swift's own
/// text of them.
@Suite struct ByteWriterTests {
    @Test func appendsEveryKindInOrderAndGrowsPastItsFirstCapacity() {
        var writer = ByteWriter(capacity: 1)  // rounded up to 16, so the appends below grow it several times
        var expected: [UInt8] = []
        for round in 0..<200 {
            writer.append(0x41)
            writer.append(0x3A, 0x20)
            writer.append("literal")
            writer.append(utf8: "small")
            writer.append(utf8: String(repeating: "native é ", count: round % 5))
            ([0x00, 0xFF, 0x0A] as [UInt8]).withUnsafeBytes { writer.append($0) }
            writer.append(UnsafeRawBufferPointer(start: nil, count: 0))
            expected += Array("A: literalsmall".utf8) + Array(String(repeating: "native é ", count: round % 5).utf8)
            expected += [0x00, 0xFF, 0x0A]
        }
        #expect(writer.count == expected.count)
        #expect(writer.bytes == expected)
        writer.withBytes { #expect(Array($0) == expected) }
        writer.removeAll()
        #expect(writer.count == 0 && writer.bytes.isEmpty)
        writer.append(utf8: "again")
        #expect(writer.bytes == Array("again".utf8))
    }

    @Test func decimalsAreSwiftsText() {
        var values = [0, 7, 9, 10, 99, 100, 12_345, -1, -9, -10, -908, Int.max, Int.min, Int.min + 1]
        var power = 1
        for _ in 0..<18 {
            power *= 10
            values += [power - 1, power, power + 1, -power]
        }
        for value in values {
            var writer = ByteWriter(capacity: 16)
            writer.append("key=")
            writer.appendDecimal(value)
            #expect(writer.bytes == Array("key=\(value)".utf8), "\(value)")
        }
    }

    @Test func digitsKeepTheirWidthWithLeadingZeros() {
        for (value, width, text) in [(0, 3, "000"), (7, 2, "07"), (59, 2, "59"), (123, 3, "123"), (2026, 4, "2026"), (5, 1, "5")] {
            var writer = ByteWriter()
            writer.append(0x7C)
            writer.appendDigits(value, width: width)
            #expect(writer.bytes == Array("|\(text)".utf8))
        }
    }

    /// The stamper copies the text of the second it last made: consecutive times, times across a second, a minute,
    /// a day and a year boundary, times that go backwards, and times out of the 0…9999 range all read as `format`'s.
    @Test func theStamperWritesFormatsTextAcrossEverySecondBoundary() {
        var times: [Double] = [0, 0.0005, 0.999, 0.9995, 0.9999996, 1, 59.999, 60, 86_399.999, 86_400, -0.001, -1.5]
        for ms in stride(from: Int64(1_798_761_599_000), to: 1_798_761_601_500, by: 137) { times.append(Double(ms) / 1000) }
        times += [1_764_700_000.123, 1_764_700_000.1234, 1_764_699_999.9, 253_402_300_800, -62_167_219_201, .nan, .infinity, 1e300]
        var stamper = ISO8601Timestamp.Stamper()
        for time in times {
            var writer = ByteWriter()
            stamper.append(time, to: &writer)
            #expect(writer.bytes == Array(ISO8601Timestamp.format(Date(timeIntervalSince1970: time)).utf8), "\(time)")
        }
    }
}
