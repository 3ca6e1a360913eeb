import Foundation

/// The project's JSON coders: camelCase keys, ISO-8601 times with milliseconds, sorted keys for stable output.
public enum GenetixJSON {
    /// Formats a date as ISO-8601 with milliseconds, UTC.
    public static func format(_ date: Date) -> String {
        ISO8601Timestamp.format(date)
    }

    /// Parses ISO-8601 (RFC 3339) with or without fractional seconds, in UTC or with an offset.
    public static func parse(_ text: String) -> Date? {
        ISO8601Timestamp.parse(text)
    }

    /// A new encoder with the project's settings.
    public static func encoder(pretty: Bool = false) -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(format(date))
        }
        return e
    }

    /// A new decoder with the project's settings.
    public static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .custom { decoder in
            let c = try decoder.singleValueContainer()
            let text = try c.decode(String.self)
            guard let date = parse(text) else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "not an ISO-8601 time: \(text)")
            }
            return date
        }
        return d
    }

    /// Encodes a value to bytes, or throws naming the type (a non-finite number, for one, has no JSON form).
    public static func tryEncode(_ value: some Encodable, pretty: Bool = false) throws(JSONEncodingFailure) -> [UInt8] {
        do { return Array(try encoder(pretty: pretty).encode(value)) } catch {
            throw JSONEncodingFailure(type: "\(type(of: value))", reason: "\(error)")
        }
    }

    /// Encodes a value to bytes. It never traps: a value that cannot be encoded is reported to `JSONEncodingFailure`'s
    /// log (stderr, and the count in `JSONEncodingFailure.count`) and encodes as `null`. Request paths use
    /// `tryEncode` (through `HTTPResponse.json`) and answer 500 instead.
    public static func encode(_ value: some Encodable, pretty: Bool = false) -> [UInt8] {
        do { return try tryEncode(value, pretty: pretty) } catch {
            error.report()
            return Array("null".utf8)
        }
    }

    /// Decodes bytes into `T`.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: some Collection<UInt8>) throws -> T {
        try decoder().decode(T.self, from: Data(bytes))
    }
}
