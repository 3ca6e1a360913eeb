import Foundation
import GenetixCore
import Testing

/// A log entry's fields: kept in key order once, so no writer sorts them again; a map to everyone who reads them.
@Suite struct LogFieldsTests {
    @Test func keysAreInByteOrderWhateverOrderTheyCameIn() {
        let fields: LogFields = ["status": "200", "backend": "b1", "Z": "upper", "bytes": "3", "client": "c"]
        #expect(fields.keys == ["Z", "backend", "bytes", "client", "status"])
        #expect(LogFields(["b": "2", "a": "1", "c": "3"]).keys == ["a", "b", "c"])
    }

    @Test func aRepeatedKeyKeepsItsLastValue() {
        let fields = LogFields([(key: "a", value: "1"), (key: "b", value: "x"), (key: "a", value: "2")])
        #expect(fields.count == 2)
        #expect(fields["a"] == "2")
        #expect(fields.keys == ["a", "b"])
    }

    @Test func pairsAlreadyInOrderAreTakenAsTheyAre() {
        let pairs: [(key: String, value: String)] = [("backend", "b"), ("bytes", "3"), ("cache", "HIT"), ("client", "c")]
        let fields = LogFields(pairs)
        #expect(fields.keys == pairs.map(\.key))
        #expect(fields.values == pairs.map(\.value))
    }

    @Test func subscriptSetsInsertsInOrderAndRemoves() {
        var fields: LogFields = ["b": "2"]
        fields["a"] = "1"
        fields["c"] = "3"
        fields["b"] = "two"
        #expect(fields.keys == ["a", "b", "c"])
        #expect(fields["b"] == "two")
        fields["a"] = nil
        fields["zz"] = nil
        #expect(fields.keys == ["b", "c"])
        #expect(fields["a"] == nil)
    }

    @Test func equalityAndTheDictionaryAgree() {
        let a: LogFields = ["x": "1", "y": "2"]
        let b = LogFields(["y": "2", "x": "1"])
        #expect(a == b)
        #expect(a.dictionary == ["x": "1", "y": "2"])
        #expect(a != ["x": "1"])
        #expect(a.merging(["y": "3", "z": "4"]) == ["x": "1", "y": "3", "z": "4"])
    }

    @Test func jsonIsAnObjectAsADictionaryWas() throws {
        let fields: LogFields = ["path": "/a b", "status": "404"]
        let data = try JSONEncoder().encode(fields)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: String]
        #expect(object == ["path": "/a b", "status": "404"])
        #expect(try JSONDecoder().decode(LogFields.self, from: Data(#"{"b":"2","a":"1"}"#.utf8)).keys == ["a", "b"])
    }

    @Test func theTextLineWritesFieldsInOrderWithoutSortingThem() {
        let entry = LogEntry(seq: 1, time: Date(timeIntervalSince1970: 0), level: .info, source: "access", message: "GET / 200",
                             fields: LogFields([(key: "path", value: "/x y"), (key: "bytes", value: "3")]))
        #expect(LogLineFormat.text(entry) == #"1970-01-01T00:00:00.000Z INFO access: GET / 200 bytes=3 path="/x y""#)
    }
}
