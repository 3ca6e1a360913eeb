import GenetixConsole

/// libFuzzer entry for the console's theme loader: arbitrary bytes as a theme file. Traps if an error does not name
/// the file (and a key where one is at fault), or if any other error escapes; accepted themes must style every role.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let file = "/nonexistent-genetix-fuzz/themes/fuzz.json"
    do {
        let theme = try ThemeLoader.parse(bytes: Array(UnsafeBufferPointer(start: data, count: size)), file: file, name: "fuzz")
        precondition(theme.name == "fuzz", "the theme lost its name")
        for role in ThemeRole.allCases { precondition(theme.styles[role] != nil, "role \(role) has no style") }
    } catch {
        switch error {
        case .unreadable, .notFound: preconditionFailure("parsing bytes reported a file-system error: \(error)")
        case .malformedJSON(let f, _): precondition(f == file, "error names another file")
        case .wrongType(let f, let key, _, _), .unknownKey(let f, let key, _), .unknownColor(let f, let key, _),
             .unknownAttribute(let f, let key, _):
            precondition(f == file && !key.isEmpty, "error without file or key: \(error)")
        }
        precondition(error.description.contains(file), "the message does not name the file: \(error)")
    }
    return 0
}
