import GenetixCore

/// libFuzzer entry for admin action bodies: `JSONValue.parse` on arbitrary bytes, then `ActionBody` with the field
/// sets the real actions accept, and every typed reader on every present key. Traps if a parsed value does not
/// survive an encode/parse round trip, if a reader's 400 does not name the field it read, if an unknown field's
/// 400 does not name it, or if any error other than a 400 `ActionError` escapes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let value: JSONValue
    do {
        value = try JSONValue.parse(bytes)
    } catch {
        precondition(error.status == 400 && error.field == nil, "parse failure must be a 400 without a field: \(error)")
        return 0
    }
    let again: JSONValue
    do {
        again = try JSONValue.parse(GenetixJSON.encode(value))
    } catch {
        preconditionFailure("a parsed body does not re-parse after encoding: \(error)")
    }
    precondition(again == value, "encode/parse round trip changed the value")

    let fieldSets: [Set<String>] = [
        ["workers", "count", "delta"], ["worker", "force"], ["enabled", "min", "max", "target", "metric"],
        ["backend", "weight"], ["prefix", "path"], ["primary", "force", "timeoutSeconds"],
    ]
    for allowed in fieldSets {
        let body: ActionBody
        do {
            body = try ActionBody(value, allowed: allowed)
        } catch {
            precondition(error.status == 400, "ActionBody threw a non-400: \(error)")
            if case .object(let o) = value {
                // The first unknown field is named; with none, an unacceptable number (ActionNumber) names its top-level field.
                let unknown = o.keys.sorted().first { !allowed.contains($0) }
                if let unknown {
                    precondition(error.field == unknown, "unknown-field 400 does not name the first unknown field")
                } else {
                    precondition(error.field.map { o[$0] != nil } == true, "number 400 does not name a field of the body: \(error)")
                }
            }
            continue
        }
        for key in allowed {
            for reader in 0..<5 {
                do {
                    switch reader {
                    case 0: _ = try body.require(key, body.int)
                    case 1: _ = try body.require(key, body.double)
                    case 2: _ = try body.require(key, body.bool)
                    case 3: _ = try body.require(key, body.string)
                    default: _ = try body.require(key, body.object)
                    }
                } catch {
                    precondition(error.status == 400 && error.field == key, "reader 400 does not name field '\(key)': \(error)")
                }
            }
        }
    }
    return 0
}
