import Foundation

extension ParsedArguments {
    /// Fills options and flags not given on the command line from a JSON config file whose keys are the long option
    /// names (`{"admin-listen": "127.0.0.1:9201", "workers": 4, "backend": ["127.0.0.1:8101"]}`).
    /// The command line wins; unknown keys and wrong types are errors naming the file and the key.
    public func merging(configFile path: String) throws(ConfigFileError) -> ParsedArguments {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        let object: ConfigValue
        do { object = try JSONDecoder().decode(ConfigValue.self, from: data) } catch {
            throw .malformed(path: path, reason: Self.reason(error))
        }
        guard case .object(let dictionary) = object else {
            throw .malformed(path: path, reason: "the top level must be an object of option names to values")
        }
        var options = optionValues
        var flags = flagValues
        let declaredOptions = commandChain.flatMap(\.options)
        let declaredFlags = commandChain.flatMap(\.flags)
        for key in dictionary.keys.sorted() {
            let value = dictionary[key]!
            if let option = declaredOptions.first(where: { $0.long == key }) {
                guard options[key] == nil else { continue }
                options[key] = try Self.strings(value, path: path, key: key, repeatable: option.isRepeatable || option.isCommaSeparated)
            } else if declaredFlags.contains(where: { $0.long == key }) {
                guard flags[key] == nil else { continue }
                guard case .bool(let bool) = value else { throw .wrongType(path: path, key: key, expected: "true or false") }
                flags[key] = bool
            } else if key != "config" {
                let names = declaredOptions.map(\.long) + declaredFlags.map(\.long)
                throw .unknownKey(path: path, key: key, suggestion: NameSuggestion.nearest(to: key, among: names))
            }
        }
        return ParsedArguments(commandChain: commandChain, optionValues: options, flagValues: flags, positionals: positionals)
    }

    private static func reason(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            return (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String ?? context.debugDescription
        }
        return "\(error)"
    }

    private static func strings(_ value: ConfigValue, path: String, key: String, repeatable: Bool) throws(ConfigFileError) -> [String] {
        if case .array(let list) = value {
            guard repeatable else { throw .wrongType(path: path, key: key, expected: "a single value, not a list") }
            var out: [String] = []
            for item in list { out.append(try scalar(item, path: path, key: key)) }
            return out
        }
        return [try scalar(value, path: path, key: key)]
    }

    private static func scalar(_ value: ConfigValue, path: String, key: String) throws(ConfigFileError) -> String {
        switch value {
        case .string(let s): return s
        case .number(let n): return n.rounded() == n && abs(n) < 1e15 ? String(Int64(n)) : String(n)
        default: throw .wrongType(path: path, key: key, expected: "a string or a number")
        }
    }
}

/// A JSON value of a config file.
enum ConfigValue: Decodable {
    case bool(Bool), number(Double), string(String), array([ConfigValue]), object([String: ConfigValue]), null

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([ConfigValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: ConfigValue].self)) }
    }
}
