import Foundation
import GenetixCore

extension EtcdClient {
    static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
    static func base64(bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }

    /// The end of the range of keys starting with `prefix` (the prefix with its last byte incremented).
    static func prefixEnd(_ prefix: String) -> [UInt8] {
        var bytes = Array(prefix.utf8)
        while let last = bytes.last {
            if last < 0xFF {
                bytes[bytes.count - 1] = last + 1
                return bytes
            }
            bytes.removeLast()
        }
        return [0]
    }

    static func putBody(_ key: String, _ value: String, _ lease: Int64) -> [String: JSONValue] {
        var body: [String: JSONValue] = ["key": .string(base64(key)), "value": .string(base64(value))]
        if lease != 0 { body["lease"] = .string(String(lease)) }
        return body
    }

    static func compareBody(_ compare: EtcdCompare) -> JSONValue {
        var body: [String: JSONValue] = ["key": .string(base64(compare.key)), "target": .string(compare.target.rawValue),
                                         "result": .string(compare.relation.rawValue)]
        switch compare.target {
        case .value: body["value"] = .string(base64(bytes: compare.bytes))
        case .version: body["version"] = .string(String(compare.number))
        case .createRevision: body["create_revision"] = .string(String(compare.number))
        case .modRevision: body["mod_revision"] = .string(String(compare.number))
        case .lease: body["lease"] = .string(String(compare.number))
        }
        return .object(body)
    }

    static func operationBody(_ operation: EtcdOperation) -> JSONValue {
        switch operation {
        case .put(let key, let value, let lease): .object(["request_put": .object(putBody(key, value, lease))])
        case .delete(let key): .object(["request_delete_range": .object(["key": .string(base64(key))])])
        case .range(let key): .object(["request_range": .object(["key": .string(base64(key))])])
        }
    }

    static func keyValues(_ value: JSONValue?, path: String) throws(EtcdError) -> [EtcdKeyValue] {
        guard let value, value != .null else { return [] }
        guard case .array(let items) = value else { throw .malformed(path: path, detail: "kvs is not an array") }
        var result: [EtcdKeyValue] = []
        for item in items {
            guard let key = item["key"]?.stringValue.flatMap({ Data(base64Encoded: $0) }) else {
                throw .malformed(path: path, detail: "a key is not base64")
            }
            let value = item["value"]?.stringValue.flatMap { Data(base64Encoded: $0) } ?? Data()
            func number(_ name: String) -> Int64 { item[name]?.stringValue.flatMap { Int64($0) } ?? 0 }
            result.append(EtcdKeyValue(key: String(decoding: key, as: UTF8.self), value: Array(value),
                                       createRevision: number("create_revision"), modRevision: number("mod_revision"),
                                       version: number("version"), lease: number("lease")))
        }
        return result
    }

    /// The first JSON document of a body (the keepalive gateway answers one `{"result":…}` per line).
    static func firstDocument(_ body: [UInt8]) -> ArraySlice<UInt8> {
        guard let newline = body.firstIndex(of: 0x0A) else { return body[...] }
        let first = body[..<newline]
        return first.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) ? body[...] : first
    }
}

extension JSONValue {
    var arrayValue: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }
}
